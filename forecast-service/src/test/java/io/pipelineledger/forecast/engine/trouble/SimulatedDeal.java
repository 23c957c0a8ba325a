package io.pipelineledger.forecast.engine.trouble;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One generated opportunity as plain data, before it becomes ledger events: generators that distort a history
 * (a truncated export) edit these rather than the events. {@code steps} are in time order; the first is the opening.
 */
record SimulatedDeal(String id, int rep, double amount, List<Step> steps) {

    enum Kind { OPENED, STAGE, CLOSE_DATE, WON, LOST }

    /** {@code stage}: open stage position (OPENED, STAGE); {@code closeDate}: expected close (OPENED, CLOSE_DATE). */
    record Step(Instant at, Kind kind, int stage, LocalDate closeDate) {
    }

    Instant openedAt() {
        return steps.get(0).at();
    }

    Step last() {
        return steps.get(steps.size() - 1);
    }

    boolean won() {
        return last().kind() == Kind.WON;
    }

    /** Won or lost, with the instant; null while open (a stale deal stays open forever). */
    Instant closedAt() {
        Kind k = last().kind();
        return k == Kind.WON || k == Kind.LOST ? last().at() : null;
    }
}
