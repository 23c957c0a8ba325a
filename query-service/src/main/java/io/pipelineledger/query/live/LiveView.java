package io.pipelineledger.query.live;

import java.nio.charset.StandardCharsets;

/**
 * One live dashboard as it is sent: the facts it includes (the server-sent event's id) and its JSON, serialized
 * once for every subscriber of the view (one line: compact JSON escapes every line break inside strings).
 */
public record LiveView(long factsApplied, byte[] json) {

    /** The event's lines before its data ({@code event:}, {@code id:}, {@code data:}), as sent. */
    public byte[] head(String event) {
        return ("event:" + event + "\nid:" + factsApplied + "\ndata:").getBytes(StandardCharsets.UTF_8);
    }
}
