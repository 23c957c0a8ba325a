package io.pipelineledger.forecast.engine;

import java.time.Instant;

/**
 * One fact of a deal in compact form, as {@link DealHistory} stores it. Which fields carry meaning depends on the
 * {@link FactKind}: {@code stage} is a code of {@link DealHistories#stageId(int)}, {@code owner} a code of
 * {@link DealHistories#owner(int)}, {@code day} an epoch day (expected close date, {@link #NO_DAY} for none),
 * {@code amount} a money value in the deal's currency, {@code currency} that currency's code in
 * {@link DealHistories#currency(int)} (-1: the deal never named one).
 */
public record DealFact(Instant occurredAt, FactKind kind, int stage, int owner, long day, double amount,
                       int currency) {

    public static final long NO_DAY = Long.MIN_VALUE;
}
