package io.pipelineledger.events.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.axonframework.common.Registration;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.SubscribableMessageSource;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The event topic as the source of a service's subscribing event processors. One thread polls a consumer of the
 * group; each poll's events go to the processors in one unit of work whose transaction also stores the next offset
 * of every partition touched, in this service's own database ({@link StreamTables}). A redelivered record therefore
 * meets a read model that already holds it, and the read models skip facts they hold (by aggregate sequence).
 * <p>
 * Every instance reads every partition: its group must be its alone. A second member in the group (seen as
 * partitions taken away, or an assignment of fewer than all partitions while the group has other members) is a
 * misconfiguration that would split the facts between the instances: the source stops reading, leaves the group,
 * and its health says why ({@link #conflict()}).
 * <p>
 * A record that cannot be read (not the ledger's format, unknown payload type, unreadable payload) is a dead
 * letter at once; a poll whose processing fails is retried one record at a time, and a record that still fails
 * after {@value #ATTEMPTS} attempts becomes a dead letter — both stored with the reason, and the partition goes on.
 * When even that cannot be stored (the database is away), nothing advances: the partitions go back to their last
 * stored offsets and are polled again after a pause.
 */
public final class KafkaEventSource implements SubscribableMessageSource<EventMessage<?>>, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KafkaEventSource.class);
    private static final int ATTEMPTS = 3;
    private static final Duration BACK_OFF = Duration.ofSeconds(1);

    public record Settings(EventTopic topic, String group, int maxPollRecords, Duration pollTimeout) {
    }

    /**
     * Where the consumer stands: partitions held, records behind, whether it has read up to the end of each (now, and
     * at least once since it joined: ready).
     */
    public record Status(boolean running, Set<Integer> partitions, long lag, boolean caughtUp, boolean ready,
                         long consumed, long deadLetters) {
    }

    private static final Duration BROKER_CHECK = Duration.ofSeconds(3);
    private static final Duration BROKER_TIMEOUT = Duration.ofSeconds(2);
    private volatile boolean brokerReachable = true;
    private long brokerCheckedAt = System.nanoTime();
    private final Settings settings;
    private final PayloadDecoder decoder;
    private final TransactionManager transactions;
    private final StreamTables tables;
    private final List<Consumer<List<? extends EventMessage<?>>>> subscribers = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Rewind> rewinds = new ConcurrentLinkedQueue<>();
    private final Set<Integer> owned = new TreeSet<>();
    private final Counter consumed;
    private final Counter deadLettered;
    /** Why this source stopped: another member shares its group (null while all is well). */
    private volatile String conflict;
    private volatile EventJournal journal;
    private volatile Status status;
    private volatile boolean running;
    private volatile boolean closing;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public KafkaEventSource(Settings settings, PayloadDecoder decoder, TransactionManager transactions,
                            StreamTables tables, MeterRegistry meters) {
        this.settings = settings;
        this.decoder = decoder;
        this.transactions = transactions;
        this.tables = tables;
        this.status = new Status(false, Set.of(), 0, false, false, 0, 0);
        this.consumed = Counter.builder("ledger.kafka.consumed").description("Events applied from the event topic")
                .tag("group", settings.group()).register(meters);
        this.deadLettered = Counter.builder("ledger.kafka.dead.letters")
                .description("Records of the event topic set aside as dead letters").tag("group", settings.group())
                .register(meters);
        Gauge.builder("ledger.kafka.consumer.lag", this, source -> source.status.lag())
                .description("Records of this instance's partitions not yet applied").tag("group", settings.group())
                .register(meters);
    }

    /**
     * Keeps every applied event in {@code journal} too, and at start hands the journalled events to the subscribers
     * before polling (a read model held only in memory).
     */
    public void setJournal(EventJournal journal) {
        this.journal = journal;
    }

    /** Null, or why reading stopped: another consumer shares this instance's group. */
    public String conflict() {
        return conflict;
    }

    public Settings settings() {
        return settings;
    }

    public Status status() {
        return status;
    }

    /** The first subscriber (the processor, when Axon starts it) starts the polling thread. */
    @Override
    public synchronized Registration subscribe(Consumer<List<? extends EventMessage<?>>> subscriber) {
        subscribers.add(subscriber);
        if (thread == null) {
            startPolling();
        }
        return () -> subscribers.remove(subscriber);
    }

    /**
     * Reads the given partitions (every held one when empty) again from the beginning. {@code reset} runs first, on
     * the polling thread, in one transaction with the removal of their stored offsets (a replay clears the read model
     * there; a plain re-read passes a no-op and relies on the read model skipping what it holds).
     */
    public void rewind(Set<Integer> partitions, Runnable reset) {
        rewinds.add(new Rewind(Set.copyOf(partitions), reset));
    }

    private record Rewind(Set<Integer> partitions, Runnable reset) {
    }

    /** The group's dead letters, newest first (payloads left out). */
    public List<StreamTables.DeadLetter> deadLetters(int limit) {
        return tables.deadLetters(settings.group(), limit);
    }

    /** For a readiness group: up once the partitions held have been read to their end since the consumer joined. */
    public Health health() {
        Status now = status;
        String shared = conflict;
        if (shared != null) {
            return Health.down().withDetail("topic", settings.topic().topic()).withDetail("group", settings.group())
                    .withDetail("error", shared).build();
        }
        return (now.ready() ? Health.up() : Health.outOfService()).withDetail("topic", settings.topic().topic())
                .withDetail("group", settings.group()).withDetail("partitions", now.partitions())
                .withDetail("lag", now.lag()).withDetail("deadLetters", now.deadLetters()).build();
    }

    /** Started by its first subscriber (see {@link #subscribe}); Spring stops it before the processors. */
    @Override
    public void start() {
    }

    @Override
    public synchronized boolean isRunning() {
        return thread != null;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 200;
    }

    private void startPolling() {
        running = true;
        thread = new Thread(this::run, "event-topic-" + settings.group());
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    private void run() {
        if (journal != null) {
            replayJournal();
        }
        while (running) {
            try {
                settings.topic().ensureExists(Duration.ofSeconds(30));
                consume();
            } catch (WakeupException e) {
                // stopping
            } catch (RuntimeException e) {
                log.error("Reading the event topic failed; starting the consumer again in {}", BACK_OFF, e);
                pause();
            }
        }
    }

    /** The journalled events to the subscribers, as they were applied (nothing stored again). */
    private void replayJournal() {
        long started = System.nanoTime();
        long[] count = {0};
        journal.readAll(5_000, events -> {
            List<EventMessage<?>> messages = new ArrayList<>(events.size());
            for (PublishedEvent event : events) {
                EventMessage<?> message = message(event);
                if (message != null) {
                    messages.add(message);
                }
            }
            UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
            try {
                subscribers.forEach(subscriber -> subscriber.accept(messages));
                unitOfWork.commit();
            } catch (RuntimeException | Error e) {
                if (unitOfWork.isActive()) {
                    unitOfWork.rollback(e);
                }
                throw e;
            }
            count[0] += messages.size();
        });
        log.info("Event journal: {} events applied again in {} ms", count[0],
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private void consume() {
        closing = false;
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerProperties())) {
            consumer = kafka;
            kafka.subscribe(List.of(settings.topic().topic()), new Rebalance(kafka));
            try {
                while (running) {
                    rewindRequested(kafka);
                    ConsumerRecords<String, byte[]> records = kafka.poll(settings.pollTimeout());
                    if (conflict != null) {
                        break; // the group is shared (seen while polling): nothing of this poll is applied
                    }
                    if (!records.isEmpty()) {
                        deliver(kafka, records);
                    }
                    checkBroker(kafka);
                    updateStatus(kafka);
                }
            } finally {
                closing = true; // before close(), which revokes the partitions
            }
        } finally {
            closing = true;
            consumer = null;
            synchronized (owned) {
                owned.clear();
            }
            status = new Status(false, Set.of(), 0, false, false, status.consumed(), status.deadLetters());
        }
    }

    private Map<String, Object> consumerProperties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.topic().bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, settings.group());
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        // offsets live in this service's database, with the read model
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        // only the partitions that move are revoked when an instance joins or leaves
        properties.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                List.of(CooperativeStickyAssignor.class.getName()));
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        // a crashed instance leaves the group after this long: a restart within it sees its old self as a member
        properties.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) ConsumerGroups.SESSION_TIMEOUT.toMillis());
        return properties;
    }

    private void rewindRequested(KafkaConsumer<String, byte[]> kafka) {
        Rewind rewind;
        while ((rewind = rewinds.poll()) != null) {
            Set<TopicPartition> held = new HashSet<>();
            for (TopicPartition partition : kafka.assignment()) {
                if (rewind.partitions().isEmpty() || rewind.partitions().contains(partition.partition())) {
                    held.add(partition);
                }
            }
            Set<Integer> numbers = new TreeSet<>();
            held.forEach(partition -> numbers.add(partition.partition()));
            Runnable reset = rewind.reset();
            EventJournal keep = journal;
            transactions.executeInTransaction(() -> {
                reset.run();
                tables.forgetOffsets(settings.group(), settings.topic().topic(), numbers);
                if (keep != null) {
                    keep.forget(numbers);
                }
            });
            kafka.seekToBeginning(held);
            log.info("Event topic: reading partitions {} again from the beginning", held);
        }
    }

    /** Applies a poll's records; see the class comment for what happens to those that fail. */
    private void deliver(KafkaConsumer<String, byte[]> kafka, ConsumerRecords<String, byte[]> records) {
        List<Decoded> batch = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            batch.add(decode(record));
        }
        try {
            apply(batch);
            return;
        } catch (RuntimeException e) {
            log.warn("A batch of {} events from the event topic failed; applying them one at a time", batch.size(), e);
        }
        for (Decoded one : batch) {
            RuntimeException failure = null;
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                try {
                    apply(List.of(one));
                    failure = null;
                    break;
                } catch (RuntimeException e) {
                    failure = e;
                    pause();
                }
            }
            if (failure != null) {
                try {
                    apply(List.of(one.dead(failure)));
                    log.error("Event topic record {}-{}@{} set aside as a dead letter", settings.topic().topic(),
                            one.record.partition(), one.record.offset(), failure);
                } catch (RuntimeException storing) {
                    log.error("Cannot store progress or a dead letter (is the database away?); partitions go back "
                            + "to their stored offsets", storing);
                    seekToStored(kafka);
                    pause();
                    return;
                }
            }
        }
    }

    /** One unit of work: the events to the processors, the dead letters and the next offsets, one transaction. */
    private void apply(List<Decoded> batch) {
        List<EventMessage<?>> messages = new ArrayList<>(batch.size());
        List<StreamTables.DeadLetter> dead = new ArrayList<>();
        List<EventJournal.Entry> journalled = new ArrayList<>();
        Map<Integer, Long> next = new LinkedHashMap<>();
        for (Decoded decoded : batch) {
            next.put(decoded.record.partition(), decoded.record.offset() + 1);
            if (decoded.message != null) {
                messages.add(decoded.message);
                journalled.add(new EventJournal.Entry(decoded.record.partition(), decoded.record.offset(),
                        decoded.event));
            } else {
                dead.add(decoded.deadLetter);
            }
        }
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        try {
            unitOfWork.attachTransaction(transactions);
            EventJournal keep = journal;
            unitOfWork.onPrepareCommit(u -> {
                if (keep != null && !journalled.isEmpty()) {
                    keep.append(journalled);
                }
                dead.forEach(letter -> tables.saveDeadLetter(settings.group(), letter));
                tables.saveOffsets(settings.group(), settings.topic().topic(), next);
            });
            if (!messages.isEmpty()) {
                for (Consumer<List<? extends EventMessage<?>>> subscriber : subscribers) {
                    subscriber.accept(messages);
                }
            }
            unitOfWork.commit();
        } catch (RuntimeException | Error e) {
            if (unitOfWork.isActive()) {
                unitOfWork.rollback(e);
            }
            throw e;
        }
        consumed.increment(messages.size());
        if (!dead.isEmpty()) {
            deadLettered.increment(dead.size());
        }
    }

    private Decoded decode(ConsumerRecord<String, byte[]> record) {
        try {
            PublishedEvent event = EventRecords.fromRecord(record);
            if (!decoder.knows(event.payloadType(), event.payloadRevision())) {
                throw new IllegalArgumentException("unknown payload type " + event.payloadType());
            }
            EventMessage<?> message = message(event);
            if (message == null) {
                throw new IllegalArgumentException("payload of type " + event.payloadType() + " reads as nothing");
            }
            return new Decoded(record, event, message, null);
        } catch (RuntimeException e) {
            log.error("Event topic record {}-{}@{} is unreadable: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return new Decoded(record, null, null, deadLetter(record, e));
        }
    }

    /** The event as Axon's message, its payload decoded (null: a type that reads as nothing). */
    private EventMessage<?> message(PublishedEvent event) {
        Object payload = decoder.decode(event.payloadType(), event.payloadRevision(), event.aggregateId(),
                event.sequence(), event.globalIndex(), event.payload());
        return payload == null ? null : new GenericDomainEventMessage<>(event.aggregateType(), event.aggregateId(),
                event.sequence(), payload, MetaData.emptyInstance(), event.eventId(), event.timestamp());
    }

    private static StreamTables.DeadLetter deadLetter(ConsumerRecord<String, byte[]> record, Throwable error) {
        return new StreamTables.DeadLetter(record.topic(), record.partition(), record.offset(), record.key(),
                EventRecords.optional(record.headers(), EventRecords.EVENT_ID),
                EventRecords.optional(record.headers(), EventRecords.PAYLOAD_TYPE),
                String.valueOf(error), record.value(), Instant.now());
    }

    private void seekToStored(KafkaConsumer<String, byte[]> kafka) {
        Map<Integer, Long> stored;
        try {
            stored = tables.offsets(settings.group(), settings.topic().topic());
        } catch (RuntimeException e) {
            // the database is away: drop the assignment's positions by rejoining later
            throw new IllegalStateException("cannot read the stored offsets", e);
        }
        for (TopicPartition partition : kafka.assignment()) {
            Long offset = stored.get(partition.partition());
            if (offset == null) {
                kafka.seekToBeginning(List.of(partition));
            } else {
                kafka.seek(partition, offset);
            }
        }
    }

    /**
     * Asks the brokers for the held partitions' end offsets every few seconds (the topic's partitions when none are
     * held): a consumer whose broker is away only sees empty polls, so this is how it learns it is cut off.
     */
    private void checkBroker(KafkaConsumer<String, byte[]> kafka) {
        long now = System.nanoTime();
        if (now - brokerCheckedAt < BROKER_CHECK.toNanos()) {
            return;
        }
        brokerCheckedAt = now;
        try {
            Set<TopicPartition> assignment = kafka.assignment();
            if (assignment.isEmpty()) {
                kafka.listTopics(BROKER_TIMEOUT);
            } else {
                kafka.endOffsets(assignment, BROKER_TIMEOUT);
            }
            if (!brokerReachable) {
                log.info("Kafka reachable again; catching up");
            }
            brokerReachable = true;
        } catch (org.apache.kafka.common.KafkaException e) { // a TimeoutException among others
            if (brokerReachable) {
                log.warn("Kafka not reachable ({}): not ready until it is back and the partitions are read to "
                        + "their end", e.toString());
            }
            brokerReachable = false;
        }
    }

    private void updateStatus(KafkaConsumer<String, byte[]> kafka) {
        Set<TopicPartition> assignment = kafka.assignment();
        long lag = 0;
        boolean caughtUp = !assignment.isEmpty();
        Set<Integer> partitions = new TreeSet<>();
        for (TopicPartition partition : assignment) {
            partitions.add(partition.partition());
            OptionalLong behind = kafka.currentLag(partition);
            if (behind.isPresent()) {
                lag += behind.getAsLong();
                caughtUp &= behind.getAsLong() == 0;
            } else {
                caughtUp = false;
            }
        }
        // with the broker away the figures go stale: not ready; once back, ready again when read to the end
        caughtUp &= brokerReachable;
        boolean ready = brokerReachable && (caughtUp || (status.ready() && status.running()));
        status = new Status(true, Set.copyOf(partitions), lag, caughtUp, ready, (long) consumed.count(),
                (long) deadLettered.count());
    }

    private void pause() {
        try {
            Thread.sleep(BACK_OFF.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** A record with its event message, or the dead letter it is when it cannot be read or applied. */
    private record Decoded(ConsumerRecord<String, byte[]> record, PublishedEvent event, EventMessage<?> message,
                           StreamTables.DeadLetter deadLetter) {

        Decoded dead(Throwable error) {
            return new Decoded(record, event, null, KafkaEventSource.deadLetter(record, error));
        }
    }

    /** Stops reading for good: another member shares the group (see the class comment). */
    private void conflicting(String why) {
        conflict = why;
        running = false;
        log.error("Event topic: {}. Stopped reading the topic; this instance answers from what it held", why);
    }

    /** Seeks each new partition to its stored offset; a partition taken away means the group is shared. */
    private final class Rebalance implements ConsumerRebalanceListener {

        private final KafkaConsumer<String, byte[]> kafka;

        Rebalance(KafkaConsumer<String, byte[]> kafka) {
            this.kafka = kafka;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            Map<Integer, Long> stored = tables.offsets(settings.group(), settings.topic().topic());
            Set<Integer> fromStart = new TreeSet<>();
            for (TopicPartition partition : partitions) {
                Long offset = stored.get(partition.partition());
                if (offset == null) {
                    kafka.seekToBeginning(List.of(partition));
                    fromStart.add(partition.partition());
                } else {
                    kafka.seek(partition, offset);
                }
            }
            Set<Integer> now;
            synchronized (owned) {
                partitions.forEach(partition -> owned.add(partition.partition()));
                now = Set.copyOf(owned);
            }
            log.info("Event topic: partitions {} assigned (from the start: {}); holding {}", partitions, fromStart, now);
            int all = kafka.partitionsFor(settings.topic().topic()).size();
            if (now.size() < all) {
                // a sole member is given every partition; fewer means another member, unless the group says not
                List<String> others = ConsumerGroups.otherMembers(settings.topic().bootstrapServers(),
                        settings.group(), kafka.groupMetadata().memberId());
                if (!others.isEmpty()) {
                    conflicting(ConsumerGroups.sharedMessage(settings.group(), others));
                }
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (closing || partitions.isEmpty()) {
                return; // shutting down: what is held stays held, with its offsets, for the next start
            }
            synchronized (owned) {
                partitions.forEach(partition -> owned.remove(partition.partition()));
            }
            conflicting(ConsumerGroups.sharedMessage(settings.group(),
                    List.of("another consumer, which took partitions " + partitions + " from this one")));
        }

        /** Lost (the session expired, e.g. while Kafka was away), not taken: they come back on rejoining the group. */
        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            synchronized (owned) {
                partitions.forEach(partition -> owned.remove(partition.partition()));
            }
            log.info("Event topic: partitions {} lost (session expired); rejoining the group", partitions);
        }
    }
}
