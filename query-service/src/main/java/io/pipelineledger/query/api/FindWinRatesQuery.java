package io.pipelineledger.query.api;

import java.time.Instant;

/**
 * Win rates and amounts won over deals closed as of a business time, per group of the owner at close; amounts in
 * {@code currency} (null: the reporting currency), each at its win's date.
 */
public record FindWinRatesQuery(GroupBy groupBy, Instant asOf, String currency) {
}
