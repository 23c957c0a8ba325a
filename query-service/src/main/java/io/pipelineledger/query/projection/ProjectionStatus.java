package io.pipelineledger.query.projection;

import java.util.List;
import java.util.Set;

/**
 * Where the projections stand: per processor, and the read model's size; in the three-service mode also the event
 * topic (null otherwise).
 */
public record ProjectionStatus(List<Processor> processors, int deals, long facts, Topic topic) {

    /**
     * The event topic as this instance reads it: its consumer group, the partitions it holds, records behind, events
     * applied since start, and records set aside as dead letters (see GET /api/v1/projections/dead-letters).
     */
    public record Topic(String name, String group, Set<Integer> partitions, long lag, long consumed,
                        long deadLetters) {
    }

    /**
     * One processor: the last event position it applied (null before the first), the event store's head position,
     * whether it has caught up with it and whether it is replaying.
     */
    public record Processor(String name, Long position, Long head, boolean caughtUp, boolean replaying,
                            boolean running) {
    }
}
