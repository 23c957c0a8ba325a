package io.pipelineledger.query.api;

import java.time.Instant;

/** Process maturity level 1–4 with its evidence as of a business time. */
public record FindMaturityQuery(Instant asOf) {
}
