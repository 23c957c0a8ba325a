package io.pipelineledger.command.ingest;

import io.pipelineledger.command.api.CommandRejectedException;
import io.pipelineledger.command.api.OpportunityCommand;
import io.pipelineledger.command.process.EventSourcedProcessCatalog;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Clock;
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
import java.util.concurrent.atomic.AtomicReference;

/**
 * Records CRM facts with group commit. Requests queue their commands; one writer thread takes whatever is queued
 * (up to a batch limit), dispatches each command to its aggregate inside one unit of work and one database
 * transaction, and acknowledges every request only after that transaction committed. One fsync then covers
 * thousands of events, and because the writer is alone, each opportunity sees its facts in order.
 *
 * <p>Each command runs in a nested unit of work: a refused command rolls back alone (it has applied nothing) and
 * the rest of the batch commits. If the commit itself fails (a concurrent duplicate, a conflicting writer
 * elsewhere, the database away), the batch is retried, then retried one opportunity at a time so that one bad
 * opportunity cannot hold up the others; whatever still fails is reported as not recorded, never as recorded.
 */
@Component
public class IngestionWriter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IngestionWriter.class);

    private record Submission(List<OpportunityCommand> commands, CompletableFuture<List<Outcome>> done) {
    }

    /** A command with its place in the request it came in. */
    private record Pending(Submission submission, int position, OpportunityCommand command) {
    }

    private final CommandBus commandBus;
    private final TransactionManager transactionManager;
    private final ReceiptStore receipts;
    private final EventSourcedProcessCatalog catalog;
    private final Clock clock;
    private final int maxBatchEvents;
    private final BlockingQueue<Submission> queue = new LinkedBlockingQueue<>();
    private final IngestionMetrics metrics;
    private volatile boolean running;
    private Thread writer;

    public IngestionWriter(CommandBus commandBus, TransactionManager transactionManager, ReceiptStore receipts,
                           EventSourcedProcessCatalog catalog, Clock clock, IngestionMetrics metrics,
                           @Value("${ledger.ingest.max-batch-events:2000}") int maxBatchEvents) {
        this.commandBus = commandBus;
        this.transactionManager = transactionManager;
        this.receipts = receipts;
        this.catalog = catalog;
        this.clock = clock;
        this.metrics = metrics;
        this.maxBatchEvents = maxBatchEvents;
    }

    /** Completes with one outcome per command, in order, once they are durably recorded (or refused). */
    public CompletableFuture<List<Outcome>> submit(List<OpportunityCommand> commands) {
        CompletableFuture<List<Outcome>> done = new CompletableFuture<>();
        if (commands.isEmpty()) {
            done.complete(List.of());
        } else if (!running) {
            done.completeExceptionally(new IngestionUnavailableException("the ledger is not accepting events now"));
        } else {
            queue.add(new Submission(List.copyOf(commands), done));
        }
        return done;
    }

    private void runLoop() {
        while (running || !queue.isEmpty()) {
            try {
                Submission first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                List<Submission> group = new ArrayList<>(List.of(first));
                int size = first.commands().size();
                Submission next;
                while (size < maxBatchEvents && (next = queue.peek()) != null
                        && size + next.commands().size() <= maxBatchEvents) {
                    group.add(queue.poll());
                    size += next.commands().size();
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
        Map<Submission, Outcome[]> outcomes = new LinkedHashMap<>();
        group.forEach(s -> outcomes.put(s, new Outcome[s.commands().size()]));
        try {
            catalog.ensureInitialized();
            List<Pending> toRecord = withoutDuplicates(group, outcomes);
            if (!tryRecord(toRecord, outcomes) && !tryRecord(toRecord, outcomes)) {
                recordOpportunityByOpportunity(toRecord, outcomes);
            }
            outcomes.forEach((submission, result) -> submission.done().complete(List.of(result)));
        } catch (RuntimeException e) {
            log.error("Could not record a batch of {} requests", group.size(), e);
            IngestionUnavailableException failure = new IngestionUnavailableException(
                    "events were not recorded: " + e.getMessage());
            group.forEach(s -> s.done().completeExceptionally(failure));
        }
    }

    /** Marks repeats inside the group and events recorded earlier; returns the rest in business-time order. */
    private List<Pending> withoutDuplicates(List<Submission> group, Map<Submission, Outcome[]> outcomes) {
        List<Pending> all = new ArrayList<>();
        group.forEach(s -> {
            for (int i = 0; i < s.commands().size(); i++) {
                all.add(new Pending(s, i, s.commands().get(i)));
            }
        });
        Set<String> stored = receipts.existing(all.stream().map(p -> p.command().eventId()).toList());
        Set<String> seen = new HashSet<>();
        Map<String, List<Pending>> byOpportunity = new LinkedHashMap<>();
        for (Pending pending : all) {
            String eventId = pending.command().eventId();
            if (stored.contains(eventId) || !seen.add(eventId)) {
                outcomes.get(pending.submission())[pending.position()] = Outcome.DUPLICATE;
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

    /** One unit of work, one transaction. Returns false if it did not commit (nothing of it is stored then). */
    private boolean tryRecord(List<Pending> batch, Map<Submission, Outcome[]> outcomes) {
        if (batch.isEmpty()) {
            return true;
        }
        Map<Pending, Outcome> results = new LinkedHashMap<>();
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        try {
            unitOfWork.attachTransaction(transactionManager);
            List<OpportunityCommand> recorded = new ArrayList<>();
            for (Pending pending : batch) {
                Outcome outcome = dispatch(pending.command());
                results.put(pending, outcome);
                if (outcome.status() == Outcome.Status.ACCEPTED) {
                    recorded.add(pending.command());
                }
            }
            if (!recorded.isEmpty()) {
                receipts.record(recorded, clock.instant());
            }
            unitOfWork.commit();
        } catch (RuntimeException e) {
            if (unitOfWork.isActive()) {
                unitOfWork.rollback(e);
            }
            log.warn("A batch of {} events did not commit and will be retried: {}", batch.size(), e.toString());
            metrics.batchRetried();
            return false;
        }
        results.forEach((pending, outcome) -> outcomes.get(pending.submission())[pending.position()] = outcome);
        metrics.recorded(results.values());
        return true;
    }

    private void recordOpportunityByOpportunity(List<Pending> batch, Map<Submission, Outcome[]> outcomes) {
        Map<String, List<Pending>> byOpportunity = new LinkedHashMap<>();
        batch.forEach(p -> byOpportunity.computeIfAbsent(p.command().opportunityId().value(),
                k -> new ArrayList<>()).add(p));
        byOpportunity.values().forEach(facts -> {
            if (!tryRecord(facts, outcomes)) {
                IngestionUnavailableException notRecorded = new IngestionUnavailableException(
                        "not recorded because storing it failed; retry with the same eventId");
                facts.forEach(p -> outcomes.get(p.submission())[p.position()] =
                        Outcome.rejected(new CommandRejectedException(503, "eventId", notRecorded.getMessage())));
            }
        });
    }

    private Outcome dispatch(OpportunityCommand command) {
        AtomicReference<CommandResultMessage<?>> result = new AtomicReference<>();
        // The local bus handles the command on this thread, in a unit of work nested in ours.
        commandBus.dispatch(GenericCommandMessage.asCommandMessage(command), (message, r) -> result.set(r));
        CommandResultMessage<?> r = result.get();
        if (r == null || !r.isExceptional()) {
            return Outcome.ACCEPTED;
        }
        Throwable failure = r.exceptionResult();
        if (failure instanceof CommandRejectedException rejected) {
            return Outcome.rejected(rejected);
        }
        if (failure instanceof AggregateNotFoundException) {
            return Outcome.rejected(new CommandRejectedException(404, "opportunityId", "opportunity "
                    + command.opportunityId() + " is not in the ledger: its OpportunityOpened must come first"));
        }
        throw new IllegalStateException("command " + command.eventId() + " failed", failure);
    }

    @Override
    public void start() {
        running = true;
        writer = new Thread(this::runLoop, "ledger-ingestion-writer");
        writer.start();
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
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
