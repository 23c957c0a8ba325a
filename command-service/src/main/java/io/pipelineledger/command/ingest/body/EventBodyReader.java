package io.pipelineledger.command.ingest.body;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.pipelineledger.command.ingest.BadRequestBodyException;

import java.util.List;

/**
 * Reads a body of CRM events chunk by chunk as it arrives (never the whole body at once, never a tree of it):
 * a JSON array (or one event object), or NDJSON. Every limit is checked as the bytes come, so a hostile body is
 * refused after the first bytes past a limit, not after all of it was buffered.
 */
public abstract sealed class EventBodyReader permits JsonBodyReader, NdjsonBodyReader {

    protected final BodyLimits limits;
    private long bytes;

    protected EventBodyReader(BodyLimits limits) {
        this.limits = limits;
    }

    public static EventBodyReader of(boolean ndjson, BodyLimits limits, JsonNodeFactory nodes) {
        return of(ndjson, limits, limits.jsonFactory(), nodes);
    }

    /** {@code json}: a factory made by {@link BodyLimits#jsonFactory()}, shared (its symbol tables are reused). */
    public static EventBodyReader of(boolean ndjson, BodyLimits limits, JsonFactory json, JsonNodeFactory nodes) {
        return ndjson ? new NdjsonBodyReader(limits, json, nodes) : new JsonBodyReader(limits, json, nodes);
    }

    /** Takes the next chunk; refuses the body (BadRequestBodyException) as soon as it breaks a rule. */
    public final void feed(byte[] chunk, int from, int to) {
        bytes += to - from;
        if (bytes > limits.maxBodyBytes()) {
            throw tooLarge(limits.maxBodyBytes());
        }
        read(chunk, from, to);
    }

    /** The events, once the body has ended. */
    public abstract List<RawEvent> finish();

    /** True when the body was a JSON array (rather than one event object or NDJSON). */
    public boolean array() {
        return false;
    }

    public long bytes() {
        return bytes;
    }

    protected abstract void read(byte[] chunk, int from, int to);

    protected final void countEvent(int eventsSoFar) {
        if (eventsSoFar >= limits.maxEvents()) {
            throw new BadRequestBodyException(413, "a request may carry at most " + limits.maxEvents()
                    + " events; split it");
        }
    }

    public static BadRequestBodyException tooLarge(long maxBytes) {
        return new BadRequestBodyException(413, "request body is larger than the configured limit of " + maxBytes
                + " bytes: split the batch");
    }
}
