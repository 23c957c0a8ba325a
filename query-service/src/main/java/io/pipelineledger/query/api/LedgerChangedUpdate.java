package io.pipelineledger.query.api;

/** The projections took in new facts: {@code factsApplied} in all, {@code deals} known. */
public record LedgerChangedUpdate(long factsApplied, int deals) {
}
