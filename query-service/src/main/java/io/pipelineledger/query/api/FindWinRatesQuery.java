package io.pipelineledger.query.api;

import java.time.Instant;

/** Win rates over deals closed as of a business time, per group of the owner at close. */
public record FindWinRatesQuery(GroupBy groupBy, Instant asOf) {
}
