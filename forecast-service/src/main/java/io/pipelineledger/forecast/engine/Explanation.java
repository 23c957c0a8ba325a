package io.pipelineledger.forecast.engine;

import io.pipelineledger.events.money.UnconvertedAmount;

import java.util.List;

/**
 * The terms behind one group's forecast: every deal won in the period or open (largest contribution first), every
 * rep's term for deals not opened yet, and the won-to-pipeline ratio applied to open deals' amounts (1 for the
 * baseline). Amounts in {@code currency}; the group's deals left out for want of a rate are in {@code warnings}.
 */
public record Explanation(GroupForecast forecast, double wonAmountRatio, List<DealTerm> deals,
                          List<NewDealTerm> newDeals, Provenance provenance, String currency,
                          List<UnconvertedAmount> warnings) {
}
