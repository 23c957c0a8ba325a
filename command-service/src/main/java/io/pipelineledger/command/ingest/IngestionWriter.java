package io.pipelineledger.command.ingest;

import io.pipelineledger.command.api.CommandRejectedException;
import io.pipelineledger.command.api.OpenOpportunityCommand;
import io.pipelineledger.command.api.OpportunityCommand;
import io.pipelineledger.command.config.BatchFriendlyEventStore;
import io.pipelineledger.command.ingest.Submission.Pending;
import io.pipelineledger.command.opportunity.Opportunity;
import io.pipelineledger.command.process.EventSourcedProcessCatalog;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;

import java.net.ConnectException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;

/**
 * Records CRM facts with group commit. Requests queue their commands; a writer thread takes whatever is queued
 * (up to a batch limit), dispatches each command to its aggregate inside one unit of work and one database
 * transaction, and acknowledges every request only after all of its facts are committed. One fsync then covers
 * thousands of events. There are a few writers (one transaction each in flight, so one decides while another
 * commits); each opportunity belongs to exactly one of them, so it sees its facts in order.
 *
 * <p>Fairness: a request larger than the batch limit is written a slice per transaction (whole opportunities, as
 * many as the writer records in {@code ledger.ingest.slice-time}, see {@link SlicePace}), and between its slices the
 * writer takes the requests queued behind it (round robin), so a 100,000-event batch delays another client's single
 * event by about one slice, not by the whole batch. Each event stands or falls
 * alone (the contract), so slices commit on their own; the request is answered once its last slice committed.
 *
 * <p>Idempotency: an eventId already recorded (or earlier in the same transaction) with the same
 * {@link FactFingerprint} is a duplicate; with a different one it is refused (409, field {@code eventId}).
 *
 * <p>A refused command has applied nothing (refusals are checked exceptions, thrown before any event is
 * applied), so the rest of the batch commits. If the commit itself fails (a concurrent duplicate, a conflicting writer
 * elsewhere, the database away), the batch is retried, then retried one opportunity at a time so that one bad
 * opportunity cannot hold up the others; whatever still fails is reported as not recorded, never as recorded.
 */
@Component
public class IngestionWriter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IngestionWriter.class);

    private final Repository<Opportunity> opportunities;
    private final TransactionManager transactionManager;
    private final RecordedEventIds recordedIds;
    private final EventSourcedProcessCatalog catalog;
    private final int maxBatchEvents;
    private final long lingerNanos;
    private final long sliceTargetNanos;
    private final List<BlockingDeque<Submission>> lanes = new ArrayList<>();
    private final List<Thread> writers = new ArrayList<>();
    private final IngestionMetrics metrics;
    private volatile boolean running;

    public IngestionWriter(Repository<Opportunity> opportunities, TransactionManager transactionManager, RecordedEventIds recordedIds,
                           EventSourcedProcessCatalog catalog, IngestionMetrics metrics,
                           @Value("${ledger.ingest.max-batch-events:2000}") int maxBatchEvents,
                           @Value("${ledger.ingest.writers:2}") int writers,
                           @Value("${ledger.ingest.linger:PT0.002S}") Duration linger,
                           @Value("${ledger.ingest.slice-time:PT0.25S}") Duration sliceTime) {
        this.opportunities = opportunities;
        this.transactionManager = transactionManager;
        this.recordedIds = recordedIds;
        this.catalog = catalog;
        this.metrics = metrics;
        this.maxBatchEvents = Math.max(1, maxBatchEvents);
        this.lingerNanos = linger.toNanos();
        this.sliceTargetNanos = sliceTime.toNanos();
        for (int i = 0; i < Math.max(1, writers); i++) {
            lanes.add(new LinkedBlockingDeque<>());
        }
    }

    /**
     * Completes with one outcome per command, in order, once they are durably recorded (or refused). Commands are
     * spread over the writers by opportunity, so one opportunity's facts are always written by the same writer,
     * in order, while another writer's transaction is committing. An eventId repeated within the request is settled
     * here, before the writers see it: the first occurrence goes on, a later one is a duplicate if it is the same
     * fact and refused if it is another.
     */
    public CompletableFuture<List<Outcome>> submit(List<OpportunityCommand> commands) {
        return submit(commands, commands.stream().map(FactFingerprint::of).toList());
    }

    /** As {@link #submit(List)}, with each command's {@link FactFingerprint} already taken (by the caller's threads). */
    public CompletableFuture<List<Outcome>> submit(List<OpportunityCommand> commands, List<String> fingerprints) {
        if (commands.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        if (!running) {
            return CompletableFuture.failedFuture(
                    new IngestionUnavailableException("the ledger is not accepting events now"));
        }
        Outcome[] outcomes = new Outcome[commands.size()];
        List<List<Integer>> positions = new ArrayList<>();
        lanes.forEach(lane -> positions.add(new ArrayList<>()));
        Map<String, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < commands.size(); i++) {
            String eventId = commands.get(i).eventId();
            Integer first = firstIndex.putIfAbsent(eventId, i);
            if (first == null) {
                positions.get(laneOf(commands.get(i))).add(i);
            } else {
                outcomes[i] = fingerprints.get(first).equals(fingerprints.get(i)) ? Outcome.DUPLICATE
                        : Outcome.rejected(usedForAnotherFact(eventId, "index " + first + " of this request"));
            }
        }
        List<CompletableFuture<Void>> parts = new ArrayList<>();
        for (int lane = 0; lane < lanes.size(); lane++) {
            List<Integer> mine = positions.get(lane);
            if (mine.isEmpty()) {
                continue;
            }
            CompletableFuture<List<Outcome>> done = new CompletableFuture<>();
            lanes.get(lane).offerLast(new Submission(mine.stream().map(commands::get).toList(),
                    mine.stream().map(fingerprints::get).toList(), done));
            parts.add(done.thenAccept(result -> {
                for (int k = 0; k < mine.size(); k++) {
                    outcomes[mine.get(k)] = result.get(k);
                }
            }));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(v -> List.of(outcomes));
    }

    static CommandRejectedException usedForAnotherFact(String eventId, String where) {
        return new CommandRejectedException(409, "eventId", "eventId " + eventId
                + " is already used for a different fact (" + where + "); an eventId names one fact: post this one "
                + "with an eventId of its own");
    }

    private int laneOf(OpportunityCommand command) {
        return Math.floorMod(command.opportunityId().value().hashCode(), lanes.size());
    }

    private void runLoop(BlockingDeque<Submission> queue) {
        SlicePace pace = new SlicePace(sliceTargetNanos, maxBatchEvents);
        while (running || !queue.isEmpty()) {
            try {
                Submission first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                List<Pending> slice = new ArrayList<>();
                List<Submission> taken = new ArrayList<>(List.of(first));
                int limit = first.fitsIn(maxBatchEvents) ? maxBatchEvents : pace.slice();
                int size = first.takeInto(slice, limit, true);
                long lingerUntil = System.nanoTime() + lingerNanos;
                while (size < limit) {
                    Submission next = queue.poll();
                    if (next == null) {
                        // a small group waits a moment for company: fewer, larger transactions under load
                        long wait = lingerUntil - System.nanoTime();
                        if (size >= maxBatchEvents / 4 || wait <= 0
                                || (next = queue.poll(wait, TimeUnit.NANOSECONDS)) == null) {
                            break;
                        }
                    }
                    if (!next.fitsIn(limit - size)) {
                        // a large request leads a group of its own: the small ones queued before it are not
                        // made to wait for a slice of it as well
                        queue.offerFirst(next);
                        break;
                    }
                    size += next.takeInto(slice, limit - size, false);
                    taken.add(next);
                }
                long started = System.nanoTime();
                write(slice, taken);
                pace.wrote(slice.size(), System.nanoTime() - started);
                // a request with facts left goes behind the ones that queued meanwhile: round robin
                taken.stream().filter(s -> !s.exhausted() && !s.answered()).forEach(queue::offerLast);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("Ingestion writer loop failed", e);
            }
        }
    }

    /** Records one slice of facts; answers each request whose last facts were in it (or fails the ones in it). */
    private void write(List<Pending> slice, List<Submission> taken) {
        try {
            catalog.ensureInitialized();
            List<Pending> toRecord = withoutDuplicates(slice, false);
            if (tryRecord(toRecord) != null) {
                // the store may know ids the filter does not (another instance): ask it about all of them
                toRecord = withoutDuplicates(slice, true);
                RuntimeException failure = tryRecord(toRecord);
                if (failure != null) {
                    if (causedByConnection(failure)) {
                        // no opportunity would fare better: answer 503 at once rather than one timeout each
                        throw new IngestionUnavailableException("the event store is not reachable; retry with "
                                + "the same eventIds");
                    }
                    recordOpportunityByOpportunity(toRecord);
                }
            }
            taken.stream().filter(Submission::exhausted).forEach(Submission::complete);
        } catch (RuntimeException e) {
            log.error("Could not record a batch of {} events from {} requests", slice.size(), taken.size(), e);
            IngestionUnavailableException failure = new IngestionUnavailableException(
                    "events were not recorded: " + e.getMessage() + "; retry with the same eventIds (facts already "
                            + "recorded count as duplicates)");
            taken.forEach(s -> s.fail(failure));
        }
    }

    /**
     * Settles eventIds recorded earlier or repeated within the slice (the same fact: a duplicate; another fact:
     * refused); returns the rest, each opportunity's facts in business-time order.
     */
    private List<Pending> withoutDuplicates(List<Pending> slice, boolean askStoreForAll) {
        List<String> ids = slice.stream().map(p -> p.command().eventId()).toList();
        Map<String, String> stored = metrics.duplicateCheck.record(
                () -> askStoreForAll ? recordedIds.fingerprints(ids) : recordedIds.fingerprintsProbably(ids));
        Map<String, String> seen = new HashMap<>();
        Map<String, List<Pending>> byOpportunity = new LinkedHashMap<>();
        for (Pending pending : slice) {
            String eventId = pending.command().eventId();
            if (stored.containsKey(eventId)) {
                pending.answer(FactFingerprint.sameFact(stored.get(eventId), pending.fingerprint()) ? Outcome.DUPLICATE
                        : Outcome.rejected(usedForAnotherFact(eventId, "recorded before")));
            } else if (seen.containsKey(eventId)) {
                pending.answer(seen.get(eventId).equals(pending.fingerprint()) ? Outcome.DUPLICATE
                        : Outcome.rejected(usedForAnotherFact(eventId, "by another request recorded at the same time")));
            } else {
                seen.put(eventId, pending.fingerprint());
                byOpportunity.computeIfAbsent(pending.command().opportunityId().value(), k -> new ArrayList<>())
                        .add(pending);
            }
        }
        List<Pending> ordered = new ArrayList<>();
        byOpportunity.values().forEach(facts -> {
            facts.sort(Comparator.comparing(p -> p.command().occurredAt())); // stable: ties keep arrival order
            ordered.addAll(facts);
        });
        return ordered;
    }

    /**
     * One unit of work, one transaction. Returns why it did not commit (nothing of it is stored then), null when it
     * did.
     */
    private RuntimeException tryRecord(List<Pending> batch) {
        if (batch.isEmpty()) {
            return null;
        }
        List<Outcome> results = new ArrayList<>(batch.size());
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        try {
            unitOfWork.attachTransaction(transactionManager);
            long started = System.nanoTime();
            Map<String, String> fingerprints = new HashMap<>();
            batch.forEach(p -> fingerprints.put(p.command().eventId(), p.fingerprint()));
            RecordedEventIds.stageFingerprints(fingerprints);
            markNewOpportunities(batch);
            for (Pending pending : batch) {
                results.add(dispatch(pending.command()));
            }
            long dispatched = System.nanoTime();
            metrics.dispatch.record(dispatched - started, TimeUnit.NANOSECONDS);
            unitOfWork.commit();
            metrics.commit.record(System.nanoTime() - dispatched, TimeUnit.NANOSECONDS);
        } catch (RuntimeException e) {
            if (unitOfWork.isActive()) {
                unitOfWork.rollback(e);
            }
            log.warn("A batch of {} events did not commit and will be retried: {}", batch.size(), e.toString());
            metrics.batchRetried();
            return e;
        }
        List<String> recorded = new ArrayList<>();
        List<String> opened = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Pending pending = batch.get(i);
            pending.answer(results.get(i));
            if (results.get(i).status() == Outcome.Status.ACCEPTED) {
                recorded.add(pending.command().eventId());
                if (pending.command() instanceof OpenOpportunityCommand) {
                    opened.add(pending.command().opportunityId().value());
                }
            }
        }
        recordedIds.remember(recorded, opened);
        metrics.recorded(results);
        return null;
    }

    /** A failure to reach the database at all (as opposed to a conflict inside it). */
    private static boolean causedByConnection(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof ConnectException
                    || t instanceof CannotCreateTransactionException || t instanceof CannotGetJdbcConnectionException) {
                return true;
            }
        }
        return false;
    }

    /** One query instead of two per new deal: see {@link BatchFriendlyEventStore}. */
    private void markNewOpportunities(List<Pending> batch) {
        Set<String> opened = new HashSet<>();
        batch.forEach(p -> {
            if (p.command() instanceof OpenOpportunityCommand) {
                opened.add(p.command().opportunityId().value());
            }
        });
        if (!opened.isEmpty()) {
            opened.removeAll(recordedIds.existingOpportunitiesProbably(opened));
            BatchFriendlyEventStore.markAbsent(opened);
        }
    }

    private void recordOpportunityByOpportunity(List<Pending> batch) {
        Map<String, List<Pending>> byOpportunity = new LinkedHashMap<>();
        batch.forEach(p -> byOpportunity.computeIfAbsent(p.command().opportunityId().value(),
                k -> new ArrayList<>()).add(p));
        byOpportunity.values().forEach(facts -> {
            if (tryRecord(facts) != null) {
                Outcome notRecorded = Outcome.rejected(new CommandRejectedException(503, "eventId",
                        "not recorded because storing it failed; retry with the same eventId"));
                facts.forEach(p -> p.answer(notRecorded));
            }
        });
    }

    /**
     * Hands the command to its aggregate directly through the repository, in the batch's unit of work: the
     * aggregate's own command handler decides, exactly as when the command comes over the command bus, but
     * without a nested unit of work, interceptor chain and result message per event. Refusals are checked
     * exceptions and leave the aggregate untouched; anything else fails the whole batch.
     */
    private Outcome dispatch(OpportunityCommand command) {
        String id = command.opportunityId().value();
        try {
            Aggregate<Opportunity> aggregate = command instanceof OpenOpportunityCommand
                    ? opportunities.loadOrCreate(id, Opportunity::new)
                    : opportunities.load(id);
            aggregate.handle(GenericCommandMessage.asCommandMessage(command));
            return Outcome.ACCEPTED;
        } catch (CommandRejectedException rejected) {
            return Outcome.rejected(rejected);
        } catch (AggregateNotFoundException notFound) {
            return Outcome.rejected(new CommandRejectedException(404, "opportunityId", "opportunity "
                    + command.opportunityId() + " is not in the ledger: its OpportunityOpened must come first"));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("command " + command.eventId() + " failed", e);
        }
    }

    @Override
    public void start() {
        try {
            long known = recordedIds.load();
            log.info("Ingestion ready: {} recorded CRM event ids known, {} writers", known, lanes.size());
        } catch (RuntimeException e) {
            log.warn("Recorded event ids not loaded; every duplicate check asks the store: {}", e.toString());
        }
        running = true;
        for (int i = 0; i < lanes.size(); i++) {
            BlockingDeque<Submission> queue = lanes.get(i);
            Thread writer = new Thread(() -> runLoop(queue), "ledger-ingestion-writer-" + i);
            writers.add(writer);
            writer.start();
        }
        try {
            catalog.ensureInitialized();
        } catch (RuntimeException e) {
            log.warn("Sales process catalog not loaded yet, will retry on first write: {}", e.toString());
        }
    }

    /** Stops taking requests and drains the queue: everything accepted into it is written or answered. */
    @Override
    public void stop() {
        running = false;
        try {
            for (Thread writer : writers) {
                writer.join(TimeUnit.SECONDS.toMillis(30));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // a request that slipped in as the writers stopped is answered, not left hanging: nothing of it was stored
        lanes.forEach(queue -> {
            Submission late;
            while ((late = queue.poll()) != null) {
                late.fail(new IngestionUnavailableException("the ledger is stopping"));
            }
        });
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Between Axon (started before, stopped after) and the web server (started after, stopped before). */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 2560;
    }
}
