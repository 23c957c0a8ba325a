package io.pipelineledger.query.projection;

import java.util.List;

/** Where the projections stand: per processor, and the read model's size. */
public record ProjectionStatus(List<Processor> processors, int deals, long facts) {

    /**
     * One processor: the last event position it applied (null before the first), the event store's head position,
     * whether it has caught up with it and whether it is replaying.
     */
    public record Processor(String name, Long position, Long head, boolean caughtUp, boolean replaying,
                            boolean running) {
    }
}
