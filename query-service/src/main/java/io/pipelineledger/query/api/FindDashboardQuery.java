package io.pipelineledger.query.api;

/** Everything a live dashboard shows, now; subscribed to, it is followed by a {@link LedgerChangedUpdate} per change. */
public record FindDashboardQuery(GroupBy groupBy) {
}
