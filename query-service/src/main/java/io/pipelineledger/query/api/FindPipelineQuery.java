package io.pipelineledger.query.api;

import java.time.Instant;

/**
 * Open deals by stage (count, amount) as of a business time, per group of the owner then; amounts in
 * {@code currency} (null: the reporting currency) at the as-of date.
 */
public record FindPipelineQuery(GroupBy groupBy, Instant asOf, String currency) {
}
