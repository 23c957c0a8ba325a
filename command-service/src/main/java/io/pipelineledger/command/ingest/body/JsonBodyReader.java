package io.pipelineledger.command.ingest.body;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.pipelineledger.command.api.CommandRejectedException;
import io.pipelineledger.command.ingest.BadRequestBodyException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A JSON array of events, or one event object, read with Jackson's non-blocking parser token by token. Broken JSON
 * or a crossed limit refuses the whole body (400/413, naming the field where the parser was); a key given twice
 * refuses only its event.
 */
final class JsonBodyReader extends EventBodyReader {

    private enum Shape { START, ARRAY, ONE_EVENT, DONE }

    private final JsonNodeFactory nodes;
    private final JsonParser parser;
    private final ByteArrayFeeder feeder;
    private final Utf8Validator utf8 = new Utf8Validator();
    private final List<RawEvent> events = new ArrayList<>();
    private Shape shape = Shape.START;
    private JsonValueBuilder event;
    private long offset;
    private boolean wasArray;

    JsonBodyReader(BodyLimits limits, JsonFactory json, JsonNodeFactory nodes) {
        super(limits);
        this.nodes = nodes;
        try {
            this.parser = json.createNonBlockingByteArrayParser();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
    }

    @Override
    protected void read(byte[] chunk, int from, int to) {
        int invalid = utf8.firstInvalid(chunk, from, to);
        parse(chunk, from, invalid < 0 ? to : invalid);
        if (invalid >= 0) {
            // the valid part is parsed: the parser now stands in the field that holds the bad bytes
            throw notUtf8(offset);
        }
    }

    @Override
    public boolean array() {
        return wasArray;
    }

    @Override
    public List<RawEvent> finish() {
        if (!utf8.complete()) {
            throw notUtf8(offset);
        }
        feeder.endOfInput();
        drain();
        return switch (shape) {
            case START -> throw new BadRequestBodyException(400, "body is empty: post a JSON array of events");
            case DONE -> events;
            default -> throw problem("body is not valid JSON: it ends inside the "
                    + (shape == Shape.ARRAY ? "array" : "event"));
        };
    }

    private void parse(byte[] chunk, int from, int to) {
        if (from == to) {
            return;
        }
        try {
            feeder.feedInput(chunk, from, to);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // only when fed before the last chunk was parsed: never here
        }
        offset += to - from;
        drain();
    }

    private void drain() {
        try {
            for (JsonToken token = parser.nextToken(); token != null && token != JsonToken.NOT_AVAILABLE;
                 token = parser.nextToken()) {
                take(token);
            }
        } catch (JsonProcessingException e) {
            throw problem("body is not valid JSON: " + JsonProblems.describe(e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void take(JsonToken token) throws IOException {
        switch (shape) {
            case START -> {
                if (token == JsonToken.START_ARRAY) {
                    shape = Shape.ARRAY;
                    wasArray = true;
                } else if (token == JsonToken.START_OBJECT) {
                    shape = Shape.ONE_EVENT;
                    begin(0);
                    event.add(parser, token);
                } else {
                    throw new BadRequestBodyException(400, "body must be a JSON array of events (or one event object)");
                }
            }
            case ARRAY -> {
                if (event == null) {
                    if (token == JsonToken.END_ARRAY) {
                        shape = Shape.DONE;
                        return;
                    }
                    begin(1);
                }
                if (event.add(parser, token)) {
                    complete();
                }
            }
            case ONE_EVENT -> {
                if (event.add(parser, token)) {
                    complete();
                    shape = Shape.DONE;
                }
            }
            case DONE -> throw severalValues(token);
        }
    }

    /**
     * A second JSON value after the first: most often NDJSON sent as application/json. Named as the Content-Type
     * when it looks like one (an event object after an event object), else as the body.
     */
    private BadRequestBodyException severalValues(JsonToken next) {
        String send = "send several events as a JSON array or as application/x-ndjson (one event per line)";
        if (!wasArray && next == JsonToken.START_OBJECT) {
            return new BadRequestBodyException(400, "Content-Type", "the body holds more than one JSON object, "
                    + "which application/json does not allow: " + send);
        }
        return new BadRequestBodyException(400, "body", "the body holds more than one JSON value (after the first "
                + (wasArray ? "array" : "object") + "): " + send);
    }

    private void begin(int eventDepth) {
        countEvent(events.size());
        event = new JsonValueBuilder(nodes, eventDepth);
    }

    private void complete() {
        String duplicate = event.duplicateKey();
        events.add(new RawEvent(event.value(), duplicate == null ? null : duplicateKey(duplicate)));
        event = null;
    }

    static CommandRejectedException duplicateKey(String path) {
        return new CommandRejectedException(400, path, path + " is given twice; each field may appear once");
    }

    private BadRequestBodyException notUtf8(long at) {
        return problem("body is not valid UTF-8 (byte " + at + "): overlong forms, encoded surrogates and other "
                + "invalid sequences are refused");
    }

    /** The body refused, naming the field and event the parser is in. */
    private BadRequestBodyException problem(String message) {
        int depth = shape == Shape.ARRAY ? 1 : 0;
        String field = FieldPath.of(parser.getParsingContext(), depth);
        int index = shape == Shape.ARRAY ? FieldPath.eventIndex(parser.getParsingContext()) : -1;
        String where = index >= 0 ? " (event " + index + (field.equals("body") ? "" : ", field " + field) + ")"
                : field.equals("body") ? "" : " (field " + field + ")";
        return new BadRequestBodyException(400, field, message + where);
    }
}
