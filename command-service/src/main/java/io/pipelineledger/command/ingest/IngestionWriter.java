package io.pipelineledger.command.ingest;

import io.pipelineledger.command.api.CommandRejectedException;
import io.pipelineledger.command.api.OpenOpportunityCommand;
import io.pipelineledger.command.api.OpportunityCommand;
import io.pipelineledger.command.config.BatchFriendlyEventStore;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Records CRM facts with group commit. Requests queue their commands; a writer thread takes whatever is queued
 * (up to a batch limit), dispatches each command to its aggregate inside one unit of work and one database
 * transaction, and acknowledges every request only after that transaction committed. One fsync then covers
 * thousands of events. There are a few writers (one transaction each in flight, so one decides while another
 * commits); each opportunity belongs to exactly one of them, so it sees its facts in order.
 *
 * <p>A refused command has applied nothing (refusals are checked exceptions, thrown before any event is
 * applied), so the rest of the batch commits. If the commit itself fails (a concurrent duplicate, a conflicting writer
 * elsewhere, the database away), the batch is retried, then retried one opportunity at a time so that one bad
 * opportunity cannot hold up the others; whatever still fails is reported as not recorded, never as recorded.
 */
@Component
public class IngestionWriter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IngestionWriter.class);

    /** A request's commands and the outcomes found for them so far (identity semantics: one per request). */
    private static final class Submission {
        final List<OpportunityCommand> commands;
        final CompletableFuture<List<Outcome>> done;
        Outcome[] outcomes;

        Submission(List<OpportunityCommand> commands, CompletableFuture<List<Outcome>> done) {
            this.commands = commands;
            this.done = done;
        }

        List<OpportunityCommand> commands() {
            return commands;
        }

        CompletableFuture<List<Outcome>> done() {
            return done;
        }
    }

    /** A command with its place in the request it came in. */
    private record Pending(Submission submission, int position, OpportunityCommand command) {
    }

    private final Repository<Opportunity> opportunities;
    private final TransactionManager transactionManager;
    private final RecordedEventIds recordedIds;
    private final EventSourcedProcessCatalog catalog;
    private final int maxBatchEvents;
    private final long lingerNanos;
    private final List<BlockingQueue<Submission>> lanes = new ArrayList<>();
    private final List<Thread> writers = new ArrayList<>();
    private final IngestionMetrics metrics;
    private volatile boolean running;

    public IngestionWriter(Repository<Opportunity> opportunities, TransactionManager transactionManager, RecordedEventIds recordedIds,
                           EventSourcedProcessCatalog catalog, IngestionMetrics metrics,
                           @Value("${ledger.ingest.max-batch-events:2000}") int maxBatchEvents,
                           @Value("${ledger.ingest.writers:2}") int writers,
                           @Value("${ledger.ingest.linger:PT0.002S}") Duration linger) {
        this.opportunities = opportunities;
        this.transactionManager = transactionManager;
        this.recordedIds = recordedIds;
        this.catalog = catalog;
        this.metrics = metrics;
        this.maxBatchEvents = maxBatchEvents;
        this.lingerNanos = linger.toNanos();
        for (int i = 0; i < Math.max(1, writers); i++) {
            lanes.add(new LinkedBlockingQueue<>());
        }
    }

    /**
     * Completes with one outcome per command, in order, once they are durably recorded (or refused). Commands are
     * spread over the writers by opportunity, so one opportunity's facts are always written by the same writer,
     * in order, while another writer's transaction is committing.
     */
    public CompletableFuture<List<Outcome>> submit(List<OpportunityCommand> commands) {
        if (commands.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        if (!running) {
            return CompletableFuture.failedFuture(
                    new IngestionUnavailableException("the ledger is not accepting events now"));
        }
        List<List<Integer>> positions = new ArrayList<>();
        lanes.forEach(lane -> positions.add(new ArrayList<>()));
        for (int i = 0; i < commands.size(); i++) {
            positions.get(laneOf(commands.get(i))).add(i);
        }
        Outcome[] outcomes = new Outcome[commands.size()];
        List<CompletableFuture<Void>> parts = new ArrayList<>();
        for (int lane = 0; lane < lanes.size(); lane++) {
            List<Integer> mine = positions.get(lane);
            if (mine.isEmpty()) {
                continue;
            }
            CompletableFuture<List<Outcome>> done = new CompletableFuture<>();
            lanes.get(lane).add(new Submission(mine.stream().map(commands::get).toList(), done));
            parts.add(done.thenAccept(result -> {
                for (int k = 0; k < mine.size(); k++) {
                    outcomes[mine.get(k)] = result.get(k);
                }
            }));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(v -> List.of(outcomes));
    }

    private int laneOf(OpportunityCommand command) {
        return Math.floorMod(command.opportunityId().value().hashCode(), lanes.size());
    }

    private void runLoop(BlockingQueue<Submission> queue) {
        while (running || !queue.isEmpty()) {
            try {
                Submission first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                List<Submission> group = new ArrayList<>(List.of(first));
                int size = first.commands().size();
                long lingerUntil = System.nanoTime() + lingerNanos;
                while (size < maxBatchEvents) {
                    Submission next = queue.peek();
                    if (next == null) {
                        // a small group waits a moment for company: fewer, larger transactions under load
                        long wait = lingerUntil - System.nanoTime();
                        if (size >= maxBatchEvents / 4 || wait <= 0
                                || (next = queue.poll(wait, TimeUnit.NANOSECONDS)) == null) {
                            break;
                        }
                        group.add(next);
                        size += next.commands().size();
                    } else if (size + next.commands().size() <= maxBatchEvents) {
                        group.add(queue.poll());
                        size += next.commands().size();
                    } else {
                        break;
                    }
                }
                write(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("Ingestion writer loop failed", e);
            }
        }
    }

    private void write(List<Submission> group) {
        group.forEach(s -> s.outcomes = new Outcome[s.commands().size()]);
        try {
            catalog.ensureInitialized();
            List<Pending> toRecord = withoutDuplicates(group, false);
            if (tryRecord(toRecord) != null) {
                // the store may know ids the filter does not (another instance): ask it about all of them
                toRecord = withoutDuplicates(group, true);
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
            group.forEach(s -> s.done().complete(List.of(s.outcomes)));
        } catch (RuntimeException e) {
            log.error("Could not record a batch of {} requests", group.size(), e);
            IngestionUnavailableException failure = new IngestionUnavailableException(
                    "events were not recorded: " + e.getMessage());
            group.forEach(s -> s.done().completeExceptionally(failure));
        }
    }

    /** Marks repeats inside the group and events recorded earlier; returns the rest in business-time order. */
    private List<Pending> withoutDuplicates(List<Submission> group, boolean askStoreForAll) {
        List<Pending> all = new ArrayList<>();
        group.forEach(s -> {
            for (int i = 0; i < s.commands().size(); i++) {
                all.add(new Pending(s, i, s.commands().get(i)));
            }
        });
        List<String> ids = all.stream().map(p -> p.command().eventId()).toList();
        Set<String> stored = metrics.duplicateCheck.record(
                () -> askStoreForAll ? recordedIds.existing(ids) : recordedIds.existingProbably(ids));
        Set<String> seen = new HashSet<>();
        Map<String, List<Pending>> byOpportunity = new LinkedHashMap<>();
        for (Pending pending : all) {
            String eventId = pending.command().eventId();
            if (stored.contains(eventId) || !seen.add(eventId)) {
                pending.submission().outcomes[pending.position()] = Outcome.DUPLICATE;
            } else {
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
            pending.submission().outcomes[pending.position()] = results.get(i);
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
                facts.forEach(p -> p.submission().outcomes[p.position()] = notRecorded);
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
            BlockingQueue<Submission> queue = lanes.get(i);
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
                late.done().completeExceptionally(new IngestionUnavailableException("the ledger is stopping"));
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
