package io.pipelineledger.command.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipelineledger.command.api.CommandRejectedException;
import io.pipelineledger.command.api.OpportunityCommand;
import io.pipelineledger.command.ingest.body.RawEvent;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;
import reactor.core.scheduler.Schedulers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * From the events of a posted body (read by {@link io.pipelineledger.command.ingest.body.EventBodies}) to a result:
 * parse each on its own, hand the well-formed ones to the writer, and report every event's fate by its index.
 */
@Service
public class IngestionService {

    /** Events made into commands per task: a few milliseconds of CPU. */
    static final int PARSE_CHUNK = 1_000;
    private final CrmEventParser parser;
    private final IngestionWriter writer;
    /** Where the chunks after the first run: Reactor's parallel workers, shared with every other request. */
    private final Executor chunks;

    @Autowired
    public IngestionService(CrmEventParser parser, IngestionWriter writer) {
        this(parser, writer, task -> Schedulers.parallel().schedule(task));
    }

    IngestionService(CrmEventParser parser, IngestionWriter writer, Executor chunks) {
        this.parser = parser;
        this.writer = writer;
        this.chunks = chunks;
    }

    public CompletableFuture<IngestResult> ingest(List<JsonNode> events) {
        return ingestRead(events.stream().map(RawEvent::of).toList());
    }

    /** Events as read from a body: those that could not be read are refused by their index like any other. */
    public CompletableFuture<IngestResult> ingestRead(List<RawEvent> events) {
        List<IngestResult.Rejection> rejected = new ArrayList<>();
        List<OpportunityCommand> commands = new ArrayList<>();
        List<String> fingerprints = new ArrayList<>();
        List<Integer> indexes = new ArrayList<>();
        // a large body becomes commands one chunk per task, so no request holds a shared thread for long: other
        // requests' tasks run between the chunks (the chain keeps the chunks in order, one at a time)
        CompletableFuture<Void> parsed = CompletableFuture.completedFuture(null);
        for (int from = 0; from < events.size(); from += PARSE_CHUNK) {
            int start = from;
            int end = Math.min(events.size(), from + PARSE_CHUNK);
            Runnable chunk = () -> parse(events, start, end, commands, fingerprints, indexes, rejected);
            parsed = start == 0 ? parsed.thenRun(chunk) : parsed.thenRunAsync(chunk, chunks);
        }
        return parsed.thenCompose(ignored -> writer.submit(commands, fingerprints)).thenApply(outcomes -> {
            int accepted = 0;
            int duplicates = 0;
            for (int k = 0; k < outcomes.size(); k++) {
                Outcome outcome = outcomes.get(k);
                switch (outcome.status()) {
                    case ACCEPTED -> accepted++;
                    case DUPLICATE -> duplicates++;
                    case REJECTED -> rejected.add(rejection(indexes.get(k), commands.get(k).eventId(),
                            outcome.rejection()));
                }
            }
            rejected.sort(Comparator.comparingInt(IngestResult.Rejection::index));
            return new IngestResult(accepted, duplicates, List.copyOf(rejected));
        });
    }

    private void parse(List<RawEvent> events, int from, int to, List<OpportunityCommand> commands,
                       List<String> fingerprints, List<Integer> indexes, List<IngestResult.Rejection> rejected) {
        for (int i = from; i < to; i++) {
            JsonNode event = events.get(i).node();
            try {
                if (events.get(i).unreadable() != null) {
                    throw events.get(i).unreadable();
                }
                OpportunityCommand command = parser.parse(event);
                commands.add(command);
                fingerprints.add(FactFingerprint.of(command));
                indexes.add(i);
            } catch (CommandRejectedException e) {
                rejected.add(rejection(i, CrmEventParser.eventIdOf(event), e));
            }
        }
    }

    private static IngestResult.Rejection rejection(int index, String eventId, CommandRejectedException e) {
        return new IngestResult.Rejection(index, eventId, e.status(), e.field(), e.getMessage(),
                e.unmetExitCriteria());
    }
}
