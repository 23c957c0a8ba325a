package io.pipelineledger.command.ingest.body;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.pipelineledger.command.ingest.BadRequestBodyException;
import io.pipelineledger.events.EventJson;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads event bodies from the request as their chunks arrive, each chunk parsed and released at once: a refused
 * body stops the parsing (the rest is dropped as it comes, never buffered), and no chunk costs the event loop more
 * than parsing its own bytes.
 */
@Component
public class EventBodies {

    /** What a body held, and how large it was (large ones are turned into commands off the event loop). */
    public record EventBody(List<RawEvent> events, long bytes, boolean array) {
    }

    private final BodyLimits limits;
    private final JsonFactory json;
    private final JsonNodeFactory nodes = EventJson.mapper().getNodeFactory();

    public EventBodies(@Value("${ledger.ingest.max-events-per-request:100000}") int maxEventsPerRequest,
                       @Value("${spring.codec.max-in-memory-size:64MB}") DataSize maxBody) {
        this.limits = new BodyLimits(maxEventsPerRequest, maxBody.toBytes());
        this.json = limits.jsonFactory();
    }

    public BodyLimits limits() {
        return limits;
    }

    public Mono<EventBody> read(Flux<DataBuffer> body, boolean ndjson) {
        return Mono.defer(() -> {
            EventBodyReader reader = EventBodyReader.of(ndjson, limits, json, nodes);
            AtomicReference<RuntimeException> refused = new AtomicReference<>();
            AtomicLong dropped = new AtomicLong();
            // handle, emitting nothing: each chunk is released here once (operators that drop elements, such as
            // then(), would release them a second time through the discard hook)
            return body.<Void>handle((buffer, sink) -> {
                try {
                    if (refused.get() == null) {
                        byte[] chunk = new byte[buffer.readableByteCount()];
                        buffer.read(chunk);
                        reader.feed(chunk, 0, chunk.length);
                    } else if (dropped.addAndGet(buffer.readableByteCount()) > limits.maxBodyBytes()) {
                        sink.error(refused.get());
                    }
                } catch (RuntimeException e) {
                    // refused: nothing more is parsed; the rest is read and dropped (up to the body limit) so that
                    // clients that read the answer only after sending everything get the problem, not a reset
                    refused.set(e);
                } finally {
                    DataBufferUtils.release(buffer);
                }
            }).then(Mono.defer(() -> refused.get() != null ? Mono.<EventBody>error(refused.get())
                            : Mono.fromCallable(() -> new EventBody(reader.finish(), reader.bytes(), reader.array()))))
                    .onErrorMap(DataBufferLimitException.class, e -> EventBodyReader.tooLarge(limits.maxBodyBytes()));
        });
    }

    /** Exactly one event object (the single-resource endpoint). */
    public Mono<RawEvent> readOne(Flux<DataBuffer> body) {
        return read(body, false).map(read -> {
            if (read.array() || !read.events().get(0).node().isObject()) {
                throw new BadRequestBodyException(400, "body must be one JSON event object");
            }
            return read.events().get(0);
        });
    }
}
