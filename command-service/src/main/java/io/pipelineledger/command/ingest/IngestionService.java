package io.pipelineledger.command.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipelineledger.command.api.CommandRejectedException;
import io.pipelineledger.command.api.OpportunityCommand;
import io.pipelineledger.command.ingest.body.RawEvent;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * From the events of a posted body (read by {@link io.pipelineledger.command.ingest.body.EventBodies}) to a result:
 * parse each on its own, hand the well-formed ones to the writer, and report every event's fate by its index.
 */
@Service
public class IngestionService {

    private final CrmEventParser parser;
    private final IngestionWriter writer;

    public IngestionService(CrmEventParser parser, IngestionWriter writer) {
        this.parser = parser;
        this.writer = writer;
    }

    public CompletableFuture<IngestResult> ingest(List<JsonNode> events) {
        return ingestRead(events.stream().map(RawEvent::of).toList());
    }

    /** Events as read from a body: those that could not be read are refused by their index like any other. */
    public CompletableFuture<IngestResult> ingestRead(List<RawEvent> events) {
        List<IngestResult.Rejection> rejected = new ArrayList<>();
        List<OpportunityCommand> commands = new ArrayList<>();
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            JsonNode event = events.get(i).node();
            try {
                if (events.get(i).unreadable() != null) {
                    throw events.get(i).unreadable();
                }
                commands.add(parser.parse(event));
                indexes.add(i);
            } catch (CommandRejectedException e) {
                rejected.add(rejection(i, CrmEventParser.eventIdOf(event), e));
            }
        }
        return writer.submit(commands).thenApply(outcomes -> {
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

    private static IngestResult.Rejection rejection(int index, String eventId, CommandRejectedException e) {
        return new IngestResult.Rejection(index, eventId, e.status(), e.field(), e.getMessage(),
                e.unmetExitCriteria());
    }
}
