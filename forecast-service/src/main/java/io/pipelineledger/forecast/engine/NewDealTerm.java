package io.pipelineledger.forecast.engine;

/**
 * The forecast's term for one rep's deals not opened yet: deals the rep will open between as-of and the period's
 * end and win inside the period.
 *
 * @param ratePerDay        the rep's learned (deseasonalized) openings per day
 * @param remainingDays     days from as-of to the period's end
 *                          during which new deals can open
 * @param expectedOpenings  rate × season-weighted days between as-of and the period's end
 * @param pWinInPeriod      the share of those openings expected to be won inside the period (averaged over when
 *                          they open)
 * @param meanWonAmount     the rep's typical won amount
 * @param expectedWins      expectedOpenings × pWinInPeriod (the Poisson mean of the count simulated)
 * @param expected          expectedWins × meanWonAmount
 */
public record NewDealTerm(String repId, String teamId, String regionId, double ratePerDay, double remainingDays,
                          double expectedOpenings, double pWinInPeriod, double meanWonAmount, double expectedWins,
                          double expected) {
}
