package io.pipelineledger.query.api;

/**
 * Everything a live dashboard shows, now, amounts in {@code currency} (null: the reporting currency); subscribed
 * to, it is followed by a {@link LedgerChangedUpdate} per change.
 */
public record FindDashboardQuery(GroupBy groupBy, String currency) {
}
