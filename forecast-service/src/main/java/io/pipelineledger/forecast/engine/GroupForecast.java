package io.pipelineledger.forecast.engine;

import java.math.BigDecimal;

/**
 * One group's forecast of bookings (won amounts) in the period. Money rounded to cents, in the forecast's currency
 * ({@link Forecast#currency()}); amounts no rate converts are left out of every figure.
 *
 * @param closedWon     won in the period before as-of: final won amounts of deals won in [period start, min(as-of,
 *                      period end)), counted for the owner at the win
 * @param expected      closedWon + fromOpenDeals + fromNewDeals
 * @param p10           10th percentile of the simulated period total (closedWon included): 90 % of outcomes lie above
 * @param p50           median of the simulated period total
 * @param p90           90th percentile of the simulated period total
 * @param commit        closedWon + the amounts of open deals in category COMMIT whose expected close date (as of
 *                      as-of) falls in the period, unweighted
 * @param bestCase      commit + the same for BEST_CASE deals
 * @param pipeline      the amounts of all open deals, except OMITTED ones, whose expected close date falls in the
 *                      period, unweighted (closedWon not included)
 * @param fromOpenDeals sum over deals open at as-of of P(won in the period) × amount (learned method: the amount
 *                      scaled by the learned won-to-pipeline ratio; baseline: stage probability × amount, for deals
 *                      expected to close in the period)
 * @param fromNewDeals  expected won amount of deals opened after as-of and won in the period (learned method only)
 * @param openDeals     deals open at as-of owned by the group (whatever their close date)
 */
public record GroupForecast(String group, BigDecimal closedWon, BigDecimal expected, BigDecimal p10, BigDecimal p50,
                            BigDecimal p90, BigDecimal commit, BigDecimal bestCase, BigDecimal pipeline,
                            BigDecimal fromOpenDeals, BigDecimal fromNewDeals, int openDeals) {
}
