package io.pipelineledger.command.opportunity;

import java.time.Instant;

/** A value that the latest fact in business time wins, whatever order the facts arrived in. */
final class Latest<T> {

    private T value;
    private Instant at;

    Latest(T value, Instant at) {
        this.value = value;
        this.at = at;
    }

    void offer(T candidate, Instant candidateAt) {
        if (!candidateAt.isBefore(at)) {
            value = candidate;
            at = candidateAt;
        }
    }

    T value() {
        return value;
    }
}
