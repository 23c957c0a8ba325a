package io.pipelineledger.forecast.engine;

import io.pipelineledger.events.ForecastCategory;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One deal behind a group's number. For a deal won in the period before as-of: status WON, amount = expected = the
 * won amount, pWin = pInPeriod = 1, closesInPeriod true (it closed in it), no category (categorySetByCrm false);
 * expectedCloseDate is the last one it had while open. Lost deals are not listed (they add nothing). For an open
 * deal: the method's win probability (eventually, and inside the period), its contribution pInPeriod × amount
 * (× the learned won-to-pipeline ratio in the learned method) and its category (CRM-set, else by pWin and the
 * thresholds). {@code amount} and {@code expected} are in the answer's currency; {@code dealAmount} and
 * {@code dealCurrency} are the deal's own (the won amount for a won deal), before conversion.
 */
public record DealTerm(String opportunityId, DealStatus status, String stageId, String repId, BigDecimal amount,
                       double pWin, double pInPeriod, BigDecimal expected, ForecastCategory category,
                       boolean categorySetByCrm, LocalDate expectedCloseDate, boolean closesInPeriod,
                       BigDecimal dealAmount, String dealCurrency) {
}
