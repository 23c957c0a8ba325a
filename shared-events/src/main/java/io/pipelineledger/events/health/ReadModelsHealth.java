package io.pipelineledger.events.health;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * In the readiness group ({@code readModels}): UP once every read model fed by a streaming event processor in this
 * process (the stage metrics, the forecast, the forecast's submissions) has read the event store up to where it stood
 * when readiness was first asked (at start: everything stored before), so a request answered after readiness sees
 * every fact stored before the start — no 503 "still catching up" from the forecast, no partial pipeline. Once UP it
 * stays UP: a read model a few events behind under load is normal work, not a reason to take the instance out of
 * its load balancer. Processors fed by the event topic (three services) are the {@code eventTopic} indicator's.
 */
public final class ReadModelsHealth implements HealthIndicator {

    private final Supplier<EventProcessingConfiguration> processing;
    private final Supplier<TrackingToken> head;
    /** The store's head when readiness was first asked; null until then, or for an empty store. */
    private volatile OptionalLong target;
    private volatile boolean ready;

    /**
     * @param processing the process's event processors (null: none)
     * @param head       the event store's head token (null when the store is empty)
     */
    public ReadModelsHealth(Supplier<EventProcessingConfiguration> processing, Supplier<TrackingToken> head) {
        this.processing = processing;
        this.head = head;
    }

    /** Whether every read model has caught up once since the start (what readiness and the start-up line wait for). */
    public boolean ready() {
        return health().getStatus().equals(org.springframework.boot.actuate.health.Status.UP);
    }

    @Override
    public Health health() {
        if (ready) {
            return Health.up().build();
        }
        EventProcessingConfiguration config = processing.get();
        Map<String, StreamingEventProcessor> streaming = new TreeMap<>();
        if (config != null) {
            config.eventProcessors().forEach((name, processor) -> {
                if (processor instanceof StreamingEventProcessor s) {
                    streaming.put(name, s);
                }
            });
        }
        if (streaming.isEmpty()) {
            // nothing reads the store here (the command service; query and forecast services fed by the topic)
            ready = true;
            return Health.up().build();
        }
        if (target == null) {
            try {
                TrackingToken token = head.get();
                target = token == null ? OptionalLong.empty() : token.position();
            } catch (RuntimeException storeAway) {
                return Health.outOfService().withDetail("error", "the event store's head is not known: "
                        + storeAway.getMessage()).build();
            }
        }
        Map<String, Object> behind = new TreeMap<>();
        streaming.forEach((name, processor) -> {
            String state = state(processor);
            if (state != null) {
                behind.put(name, state);
            }
        });
        if (behind.isEmpty()) {
            ready = true;
            return Health.up().build();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("catchingUp", behind);
        target.ifPresent(position -> details.put("storeHeadAtStart", position));
        return Health.outOfService().withDetails(details).build();
    }

    /** Null when the processor has caught up to the target; else what it is doing. */
    private String state(StreamingEventProcessor processor) {
        if (!processor.isRunning() || processor.isError()) {
            return "not running";
        }
        Map<Integer, EventTrackerStatus> segments = processor.processingStatus();
        if (segments.isEmpty()) {
            return "no segment claimed yet";
        }
        long lowest = Long.MAX_VALUE;
        boolean caughtUp = true;
        for (EventTrackerStatus segment : segments.values()) {
            caughtUp &= segment.isCaughtUp() && !segment.isErrorState();
            OptionalLong position = segment.getCurrentPosition();
            lowest = Math.min(lowest, position.isPresent() ? position.getAsLong() : -1);
        }
        boolean atTarget = target.isEmpty() || lowest >= target.getAsLong();
        if (caughtUp && atTarget) {
            return null;
        }
        return "at event " + (lowest < 0 ? "none" : lowest) + (target.isPresent() ? " of " + target.getAsLong() : "");
    }
}
