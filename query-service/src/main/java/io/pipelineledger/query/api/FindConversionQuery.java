package io.pipelineledger.query.api;

import io.pipelineledger.events.period.BusinessPeriod;

import java.time.Instant;

/** Stage conversion per group as of a business time; {@code from}/{@code to} bound stage entry, {@code interval} splits by it. */
public record FindConversionQuery(GroupBy groupBy, Instant from, Instant to, Instant asOf,
                                  BusinessPeriod.Granularity interval) {
}
