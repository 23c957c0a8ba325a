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
 * NDJSON: one event per line, each line parsed on its own as its bytes arrive (a line may span chunks). A line
 * that is not JSON, not UTF-8 or beyond a limit is that event's refusal; blank lines are skipped. A body in which
 * no line is readable is refused whole, with the first line's reason.
 */
final class NdjsonBodyReader extends EventBodyReader {

    private final JsonFactory json;
    private final JsonNodeFactory nodes;
    private final List<RawEvent> events = new ArrayList<>();
    private Line line;
    private boolean anyReadable;

    NdjsonBodyReader(BodyLimits limits, JsonFactory json, JsonNodeFactory nodes) {
        super(limits);
        this.json = json;
        this.nodes = nodes;
    }

    @Override
    protected void read(byte[] chunk, int from, int to) {
        int start = from;
        for (int i = from; i < to; i++) {
            if (chunk[i] == '\n') {
                take(chunk, start, i);
                endLine();
                start = i + 1;
            }
        }
        take(chunk, start, to);
    }

    @Override
    public List<RawEvent> finish() {
        endLine();
        if (events.isEmpty()) {
            throw new BadRequestBodyException(400, "body is empty: post one JSON event per line");
        }
        if (!anyReadable) {
            CommandRejectedException first = events.get(0).unreadable();
            throw new BadRequestBodyException(400, first.field(), "body is not NDJSON: no line is a JSON event "
                    + "(the first: " + first.getMessage() + ")");
        }
        return events;
    }

    private void take(byte[] chunk, int from, int to) {
        for (int i = from; i < to; i++) {
            if (line == null) {
                byte b = chunk[i];
                if (b == ' ' || b == '\t' || b == '\r') {
                    continue; // blank so far
                }
                countEvent(events.size());
                line = new Line();
            }
            line.feed(chunk, i, to);
            return;
        }
    }

    private void endLine() {
        if (line != null) {
            RawEvent event = line.finish();
            anyReadable |= event.unreadable() == null;
            events.add(event);
            line = null;
        }
    }

    /** One line's parser; after the first problem the rest of the line is ignored. */
    private final class Line {

        private final JsonParser parser;
        private final ByteArrayFeeder feeder;
        private final Utf8Validator utf8 = new Utf8Validator();
        private final JsonValueBuilder value = new JsonValueBuilder(nodes, 0);
        private boolean complete;
        private CommandRejectedException problem;

        Line() {
            try {
                parser = json.createNonBlockingByteArrayParser();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
        }

        void feed(byte[] chunk, int from, int to) {
            if (problem != null) {
                return;
            }
            int invalid = utf8.firstInvalid(chunk, from, to);
            parse(chunk, from, invalid < 0 ? to : invalid);
            if (invalid >= 0 && problem == null) {
                problem = notUtf8();
            }
        }

        RawEvent finish() {
            if (problem == null) {
                if (!utf8.complete()) {
                    problem = notUtf8();
                } else {
                    feeder.endOfInput();
                    drain();
                }
            }
            if (problem == null && !complete) {
                problem = bad("the line ends before its JSON value does");
            }
            if (problem == null && value.duplicateKey() != null) {
                problem = JsonBodyReader.duplicateKey(value.duplicateKey());
            }
            return new RawEvent(value.value(), problem);
        }

        private void parse(byte[] chunk, int from, int to) {
            if (from == to) {
                return;
            }
            try {
                feeder.feedInput(chunk, from, to);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            drain();
        }

        private void drain() {
            try {
                for (JsonToken token = parser.nextToken(); token != null && token != JsonToken.NOT_AVAILABLE;
                     token = parser.nextToken()) {
                    if (complete) {
                        problem = bad("the line holds more than one JSON value");
                        return;
                    }
                    complete = value.add(parser, token);
                }
            } catch (JsonProcessingException e) {
                problem = bad(JsonProblems.describe(e));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private CommandRejectedException notUtf8() {
            return refused("line is not valid UTF-8: overlong forms, encoded surrogates and other invalid "
                    + "sequences are refused");
        }

        private CommandRejectedException bad(String reason) {
            return refused("line is not valid JSON: " + reason);
        }

        private CommandRejectedException refused(String message) {
            String field = FieldPath.of(parser.getParsingContext(), 0);
            return new CommandRejectedException(400, field, field.equals("body") ? message
                    : message + " (field " + field + ")");
        }
    }
}
