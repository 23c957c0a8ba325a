package io.pipelineledger.query.api;

import java.time.Instant;

/** One rep's scorecard against the team as of a business time. */
public record FindScorecardQuery(String repId, Instant asOf) {
}
