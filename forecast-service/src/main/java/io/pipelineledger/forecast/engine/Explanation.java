package io.pipelineledger.forecast.engine;

import java.util.List;

/**
 * The terms behind one group's forecast: every deal won in the period or open (largest contribution first), every
 * rep's term for deals not opened yet, and the won-to-pipeline ratio applied to open deals' amounts (1 for the
 * baseline).
 */
public record Explanation(GroupForecast forecast, double wonAmountRatio, List<DealTerm> deals,
                          List<NewDealTerm> newDeals, Provenance provenance) {
}
