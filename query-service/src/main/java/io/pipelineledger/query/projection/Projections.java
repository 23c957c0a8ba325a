package io.pipelineledger.query.projection;

import io.pipelineledger.events.stream.PayloadDecoder;
import io.pipelineledger.events.stream.KafkaEventSource;
import io.pipelineledger.events.stream.StreamTables;
import io.pipelineledger.query.model.DealLedger;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The query side's event processors: their status, and replay (rebuild from the first event) — from the event store
 * in one process, from the event topic in the three-service mode.
 */
@Component
public class Projections {

    private static final Logger log = LoggerFactory.getLogger(Projections.class);
    /** Global indices per query of a rebuild's read (one index range scan each). */
    private static final int REBUILD_READ_RANGE = 20_000;

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final DataSource dataSource;
    private final org.axonframework.config.Configuration axon;
    private final TokenStore tokenStore;
    private final StageMetricsProjection projection;
    private final DealLedger ledger;
    private final KafkaEventSource topic;
    private volatile boolean rebuilding;

    public Projections(EventProcessingConfiguration processing, EventStore eventStore,
                       DataSource dataSource, org.axonframework.config.Configuration axon, TokenStore tokenStore,
                       StageMetricsProjection projection, DealLedger ledger, ObjectProvider<KafkaEventSource> topic) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.dataSource = dataSource;
        this.axon = axon;
        this.tokenStore = tokenStore;
        this.projection = projection;
        this.ledger = ledger;
        this.topic = topic.getIfAvailable();
    }

    /**
     * Every streaming processor in this process (the stage metrics first; in the one-process app also the
     * forecast's), its position against the head of the event store.
     */
    public ProjectionStatus status() {
        if (topic != null) {
            KafkaEventSource.Status stream = topic.status();
            return new ProjectionStatus(List.of(new ProjectionStatus.Processor(StageMetricsProjection.PROCESSING_GROUP,
                    null, null, stream.caughtUp(), false, stream.running())), ledger.dealCount(),
                    ledger.factsApplied(), new ProjectionStatus.Topic(topic.settings().topic().topic(),
                    topic.settings().group(), stream.partitions(), stream.lag(), stream.consumed(),
                    stream.deadLetters()));
        }
        Long head = position(eventStore.createHeadToken());
        List<ProjectionStatus.Processor> processors = new ArrayList<>();
        List<String> names = new ArrayList<>(processing.eventProcessors().keySet());
        names.sort(java.util.Comparator.comparing((String n) -> !n.equals(StageMetricsProjection.PROCESSING_GROUP))
                .thenComparing(n -> n));
        for (String name : names) {
            if (!(processing.eventProcessors().get(name) instanceof StreamingEventProcessor processor)) {
                continue;
            }
            boolean rebuilt = name.equals(StageMetricsProjection.PROCESSING_GROUP) && rebuilding;
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
            caughtUp &= !rebuilt;
            replaying |= rebuilt;
            processors.add(new ProjectionStatus.Processor(name, position, head, caughtUp, replaying,
                    processor.isRunning()));
        }
        return new ProjectionStatus(processors, ledger.dealCount(), ledger.factsApplied(), null);
    }

    /**
     * Rebuilds every projection from the event store: stops the processor, reads every stored event straight into
     * the read model (see {@link StageMetricsProjection#rebuild}; the event table is read directly by
     * {@link StoredEventReader}), stores the tokens at the last event with the rebuilt snapshot, and starts the processor again, which then carries on with whatever arrived meanwhile.
     */
    public synchronized long replay() {
        if (topic != null) {
            // on the polling thread: the read model cleared with the stored offsets, then every held partition
            // read from its beginning (the count is not known in advance)
            topic.rewind(Set.of(), projection::reset);
            return -1;
        }
        String name = StageMetricsProjection.PROCESSING_GROUP;
        StreamingEventProcessor processor = processor(name);
        rebuilding = true;
        processor.shutdownAsync().join();
        try {
            int[] segments = tokenStore.fetchSegments(name);
            return projection.rebuild(new StoredEventReader(dataSource, REBUILD_READ_RANGE),
                    new PayloadDecoder(axon.eventSerializer(), axon.upcasterChain()), token -> {
                        for (int segment : segments) {
                            tokenStore.storeToken(token, name, segment);
                        }
                    });
        } finally {
            rebuilding = false;
            processor.start();
        }
    }

    /**
     * A read model stored before deals kept their currency has deals whose amounts cannot be converted (they would
     * be in no total): rebuilt from the events, which carry every currency, once the application is up. On the
     * event topic a rebuild re-reads every partition, so it is left to the operator (the log says how).
     */
    @EventListener(ApplicationReadyEvent.class)
    public void rebuildWithoutCurrencies() {
        int without = ledger.dealsWithoutCurrency();
        if (without == 0) {
            return;
        }
        if (topic != null) {
            log.warn("{} deals of the stored read model have no currency (stored by an older version): their amounts "
                    + "are left out until POST /api/v1/projections/replay rebuilds it from the event topic", without);
            return;
        }
        log.warn("{} deals of the stored read model have no currency (stored by an older version): rebuilding it "
                + "from the event store", without);
        startReplay();
    }

    /** Records of the event topic set aside (three-service mode; empty otherwise), newest first. */
    public List<StreamTables.DeadLetter> deadLetters(int limit) {
        return topic == null ? List.of() : topic.deadLetters(limit);
    }

    /** Starts {@link #replay} in the background; the status says rebuilding from this moment until it is done. */
    public void startReplay() {
        if (topic != null) {
            replay();
            return;
        }
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
