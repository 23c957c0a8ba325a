package io.pipelineledger.forecast.engine;

import io.pipelineledger.events.money.UnconvertedAmount;

/**
 * One group's running sums while a method's figures are added up (learned and baseline in {@link ForecastEngine},
 * cohort and run-rate in {@link YieldForecast}): the parts of {@link GroupForecast} before rounding.
 */
final class GroupSums {
    double closedWon;
    double fromOpen;
    double fromNew;
    double commit;
    double bestCase;
    double pipeline;
    int openDeals;

    /** An amount left out, with the group it would have counted in (an explanation lists its group's). */
    record LeftOut(String group, UnconvertedAmount amount) {
    }
}
