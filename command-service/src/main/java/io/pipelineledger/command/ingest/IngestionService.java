package io.pipelineledger.command.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelineledger.command.api.CommandRejectedException;
import io.pipelineledger.command.api.OpportunityCommand;
import io.pipelineledger.events.EventJson;
import io.pipelineledger.events.web.JsonProblems;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * From a posted body to a result: split it into events (a JSON array, one JSON object, or NDJSON lines), parse
 * each on its own, hand the well-formed ones to the writer, and report every event's fate by its index.
 */
@Service
public class IngestionService {

    private final ObjectMapper json = EventJson.mapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final CrmEventParser parser;
    private final IngestionWriter writer;
    private final int maxEventsPerRequest;

    public IngestionService(CrmEventParser parser, IngestionWriter writer,
                            @Value("${ledger.ingest.max-events-per-request:100000}") int maxEventsPerRequest) {
        this.parser = parser;
        this.writer = writer;
        this.maxEventsPerRequest = maxEventsPerRequest;
    }

    public CompletableFuture<IngestResult> ingest(byte[] body, boolean ndjson) {
        List<JsonNode> events = ndjson ? ndjsonEvents(body) : jsonEvents(body);
        if (events.size() > maxEventsPerRequest) {
            throw new BadRequestBodyException(413, "a request may carry at most " + maxEventsPerRequest
                    + " events (this one has " + events.size() + "); split it");
        }
        return ingest(events);
    }

    public CompletableFuture<IngestResult> ingest(List<JsonNode> events) {
        List<IngestResult.Rejection> rejected = new ArrayList<>();
        List<OpportunityCommand> commands = new ArrayList<>();
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            JsonNode event = events.get(i);
            try {
                if (event == null) {
                    throw new CommandRejectedException(400, "body", "line is not valid JSON");
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

    private List<JsonNode> jsonEvents(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            // Jackson's own message names its classes: say what is wrong in JSON terms
            throw new BadRequestBodyException(400, e instanceof JsonProcessingException json
                    ? JsonProblems.describe(json).detail() : "body could not be read");
        }
        if (root == null || root.isMissingNode()) {
            throw new BadRequestBodyException(400, "body is empty: post a JSON array of events");
        }
        if (root.isObject()) {
            return List.of(root);
        }
        if (!root.isArray()) {
            throw new BadRequestBodyException(400, "body must be a JSON array of events (or one event object)");
        }
        List<JsonNode> events = new ArrayList<>(root.size());
        root.forEach(events::add);
        return events;
    }

    /** A line that is not JSON is that event's rejection; a body with no JSON line at all is a bad request. */
    private List<JsonNode> ndjsonEvents(byte[] body) {
        String[] lines = new String(body, StandardCharsets.UTF_8).split("\r?\n");
        List<JsonNode> events = new ArrayList<>(lines.length);
        boolean anyJson = false;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            try {
                events.add(json.readTree(line));
                anyJson = true;
            } catch (JsonProcessingException e) {
                events.add(null);
            }
        }
        if (!anyJson) {
            throw new BadRequestBodyException(400, events.isEmpty() ? "body is empty: post one JSON event per line"
                    : "body is not NDJSON: no line is a JSON event");
        }
        return events;
    }

}
