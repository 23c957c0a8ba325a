package io.pipelineledger.query.projection;

import io.pipelineledger.query.model.DealLedger;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** The query side's event processors: their status, and replay (rebuild from the first event). */
@Component
public class Projections {

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final DealLedger ledger;

    public Projections(EventProcessingConfiguration processing, EventStore eventStore, DealLedger ledger) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.ledger = ledger;
    }

    public ProjectionStatus status() {
        Long head = position(eventStore.createHeadToken());
        List<ProjectionStatus.Processor> processors = new ArrayList<>();
        for (String name : List.of(StageMetricsProjection.PROCESSING_GROUP)) {
            StreamingEventProcessor processor = processor(name);
            Long position = null;
            boolean caughtUp = !processor.processingStatus().isEmpty();
            boolean replaying = false;
            for (EventTrackerStatus segment : processor.processingStatus().values()) {
                OptionalLong current = segment.getCurrentPosition();
                if (current.isPresent()) {
                    position = position == null ? current.getAsLong() : Math.min(position, current.getAsLong());
                }
                boolean atHead = head == null || (current.isPresent() && current.getAsLong() >= head);
                caughtUp &= segment.isCaughtUp() && atHead;
                // Axon keeps a replay token until an event past the reset point arrives; at the head it is done
                replaying |= segment.isReplaying() && !atHead;
            }
            processors.add(new ProjectionStatus.Processor(name, position, head, caughtUp, replaying,
                    processor.isRunning()));
        }
        return new ProjectionStatus(processors, ledger.dealCount(), ledger.factsApplied());
    }

    /** Stops, resets (the projection's reset handler clears the read model) and restarts every processor. */
    public synchronized void replay() {
        for (String name : List.of(StageMetricsProjection.PROCESSING_GROUP)) {
            StreamingEventProcessor processor = processor(name);
            processor.shutdownAsync().join();
            processor.resetTokens();
            processor.start();
        }
    }

    private StreamingEventProcessor processor(String name) {
        return processing.eventProcessor(name, StreamingEventProcessor.class).orElseThrow(
                () -> new IllegalStateException("no streaming event processor " + name));
    }

    private static Long position(TrackingToken token) {
        if (token == null) {
            return null;
        }
        OptionalLong position = token.position();
        return position.isPresent() ? position.getAsLong() : null;
    }
}
