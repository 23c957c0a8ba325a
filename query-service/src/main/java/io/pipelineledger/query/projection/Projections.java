package io.pipelineledger.query.projection;

import io.pipelineledger.query.model.DealLedger;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/** The query side's event processors: their status, and replay (rebuild from the first event). */
@Component
public class Projections {

    private static final Logger log = LoggerFactory.getLogger(Projections.class);

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final EventStorageEngine storageEngine;
    private final TokenStore tokenStore;
    private final StageMetricsProjection projection;
    private final DealLedger ledger;
    private volatile boolean rebuilding;

    public Projections(EventProcessingConfiguration processing, EventStore eventStore,
                       EventStorageEngine storageEngine, TokenStore tokenStore, StageMetricsProjection projection,
                       DealLedger ledger) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.storageEngine = storageEngine;
        this.tokenStore = tokenStore;
        this.projection = projection;
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
            caughtUp &= !rebuilding;
            replaying |= rebuilding;
            processors.add(new ProjectionStatus.Processor(name, position, head, caughtUp, replaying,
                    processor.isRunning()));
        }
        return new ProjectionStatus(processors, ledger.dealCount(), ledger.factsApplied());
    }

    /**
     * Rebuilds every projection from the event store: stops the processor, reads every stored event straight into
     * the read model (see {@link StageMetricsProjection#rebuild}), stores the tokens at the last event with the
     * rebuilt snapshot, and starts the processor again, which then carries on with whatever arrived meanwhile.
     */
    public synchronized long replay() {
        String name = StageMetricsProjection.PROCESSING_GROUP;
        StreamingEventProcessor processor = processor(name);
        rebuilding = true;
        processor.shutdownAsync().join();
        try {
            int[] segments = tokenStore.fetchSegments(name);
            try (Stream<? extends TrackedEventMessage<?>> events = storageEngine.readEvents(null, false)) {
                return projection.rebuild(events, token -> {
                    for (int segment : segments) {
                        tokenStore.storeToken(token, name, segment);
                    }
                });
            }
        } finally {
            rebuilding = false;
            processor.start();
        }
    }

    /** Starts {@link #replay} in the background; the status says rebuilding from this moment until it is done. */
    public void startReplay() {
        rebuilding = true;
        Thread rebuild = new Thread(() -> {
            try {
                replay();
            } catch (RuntimeException e) {
                rebuilding = false;
                log.error("Rebuilding the projections failed", e);
            }
        }, "projection-rebuild");
        rebuild.setDaemon(true);
        rebuild.start();
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
