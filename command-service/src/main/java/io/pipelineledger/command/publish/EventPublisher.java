package io.pipelineledger.command.publish;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pipelineledger.events.stream.EventRecords;
import io.pipelineledger.events.stream.EventTopic;
import io.pipelineledger.events.stream.PublishedEvent;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Sends every stored event to the event topic, at least once and in order per opportunity, off the command path:
 * one thread reads the event store forward ({@link StoredEventFeed}), sends a batch (idempotent producer, acks=all,
 * keyed by opportunity id), waits for Kafka to acknowledge all of it, and only then stores how far it got. A failure
 * sends the batch again from the stored position; consumers skip what they already hold.
 */
public final class EventPublisher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);
    private static final Duration BACK_OFF = Duration.ofSeconds(1);

    private final EventTopic topic;
    private final StoredEventFeed feed;
    private final int batchSize;
    private final Duration idlePoll;
    private final Map<String, Object> producerProperties;
    private final Clock clock;
    private final Counter published;
    private final Timer delay;
    private volatile boolean running;
    private volatile boolean healthy;
    private volatile boolean republish;
    private Thread thread;

    EventPublisher(EventTopic topic, StoredEventFeed feed, int batchSize, Duration idlePoll, Clock clock,
                   MeterRegistry meters) {
        this.topic = topic;
        this.feed = feed;
        this.batchSize = batchSize;
        this.idlePoll = idlePoll;
        this.clock = clock;
        this.producerProperties = producerProperties(topic);
        this.published = Counter.builder("ledger.kafka.published").description("Stored events sent to the event topic")
                .register(meters);
        this.delay = Timer.builder("ledger.kafka.publish.delay")
                .description("From an event's recording to Kafka's acknowledgement of it").publishPercentiles(0.5, 0.99)
                .register(meters);
        // read at scrape time: the idle loop itself does not look up the head
        Gauge.builder("ledger.kafka.publish.behind", feed, f -> Math.max(0, f.head() - f.position()))
                .description("Global indices stored but not yet sent (approximate: gaps count)").register(meters);
    }

    /** The producer settings the publisher uses (PublishBenchmark's raw producer repeats them, to compare alike). */
    static Map<String, Object> producerProperties(EventTopic topic) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, topic.bootstrapServers());
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        return properties;
    }

    @Override
    public synchronized void start() {
        running = true;
        thread = new Thread(this::run, "event-publisher");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return thread != null;
    }

    /** Starts after everything else (the database migrated), stops first. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }

    /**
     * Sends every stored event again, from the first (a new topic, or consumers to be fed anew); consumers skip what
     * they hold. Takes effect at the publisher's next batch.
     */
    public void republishAll() {
        republish = true;
    }

    boolean healthy() {
        return healthy;
    }

    long position() {
        return feed.position();
    }

    private void run() {
        while (running) {
            try {
                topic.ensureExists(Duration.ofSeconds(30));
                try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties)) {
                    int partitions = producer.partitionsFor(topic.topic()).size();
                    healthy = true;
                    publish(producer, partitions);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException | ExecutionException e) {
                healthy = false;
                if (running) {
                    log.error("Publishing to the event topic failed; sending again from the stored position in {}",
                            BACK_OFF, e);
                    try {
                        feed.rewindToStored();
                    } catch (RuntimeException reading) {
                        log.error("Cannot read the publisher's stored position", reading);
                    }
                    sleep(BACK_OFF);
                }
            }
        }
        healthy = false;
    }

    private void publish(KafkaProducer<String, byte[]> producer, int partitions)
            throws InterruptedException, ExecutionException {
        while (running) {
            if (republish) {
                republish = false;
                feed.restart();
                log.info("Publishing every stored event again, from the first");
            }
            List<PublishedEvent> events = feed.next(batchSize);
            if (events.isEmpty()) {
                Thread.sleep(idlePoll.toMillis());
                continue;
            }
            List<Future<RecordMetadata>> sent = new ArrayList<>(events.size());
            for (PublishedEvent event : events) {
                if (EventRecords.broadcast(event)) {
                    for (int partition = 0; partition < partitions; partition++) {
                        sent.add(producer.send(EventRecords.toRecord(topic.topic(), partition, event)));
                    }
                } else {
                    sent.add(producer.send(EventRecords.toRecord(topic.topic(), null, event)));
                }
            }
            producer.flush();
            for (Future<RecordMetadata> acknowledgement : sent) {
                acknowledgement.get(); // throws what Kafka refused: the batch is sent again
            }
            feed.commit();
            published.increment(events.size());
            long now = clock.millis();
            for (PublishedEvent event : events) {
                delay.record(Duration.ofMillis(Math.max(0, now - event.timestamp().toEpochMilli())));
            }
        }
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
