package io.pipelineledger.command.ingest.body;

import com.fasterxml.jackson.core.JsonStreamContext;

import java.util.ArrayList;
import java.util.List;

/** Names where the parser is inside an event, as the event rules name fields: {@code amount}, {@code evidence.kind}. */
final class FieldPath {

    private FieldPath() {
    }

    /** {@code eventDepth}: how many containers enclose the event in the body. "body" outside any field. */
    static String of(JsonStreamContext context, int eventDepth) {
        List<JsonStreamContext> inside = new ArrayList<>();
        for (JsonStreamContext c = context; c != null && depth(c) > eventDepth; c = c.getParent()) {
            inside.add(0, c);
        }
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext c : inside) {
            if (c.inObject() && c.getCurrentName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(c.getCurrentName());
            } else if (c.inArray() && c.getCurrentIndex() >= 0) {
                path.append('[').append(c.getCurrentIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    /** The index of the event the parser is in (array bodies), or -1. */
    static int eventIndex(JsonStreamContext context) {
        for (JsonStreamContext c = context; c != null; c = c.getParent()) {
            if (depth(c) == 1 && c.inArray()) {
                return c.getCurrentIndex();
            }
        }
        return -1;
    }

    private static int depth(JsonStreamContext context) {
        int depth = 0;
        for (JsonStreamContext c = context.getParent(); c != null; c = c.getParent()) {
            depth++;
        }
        return depth;
    }
}
