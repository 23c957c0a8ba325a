package io.pipelineledger.command.ingest.body;

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

/**
 * Reads event bodies from the request as their chunks arrive, each chunk parsed and released at once: a refused
 * body stops the reading (the rest is never buffered), and no chunk costs the event loop more than parsing its
 * own bytes.
 */
@Component
public class EventBodies {

    /** What a body held, and how large it was (large ones are turned into commands off the event loop). */
    public record EventBody(List<RawEvent> events, long bytes, boolean array) {
    }

    private final BodyLimits limits;
    private final JsonNodeFactory nodes = EventJson.mapper().getNodeFactory();

    public EventBodies(@Value("${ledger.ingest.max-events-per-request:100000}") int maxEventsPerRequest,
                       @Value("${spring.codec.max-in-memory-size:64MB}") DataSize maxBody) {
        this.limits = new BodyLimits(maxEventsPerRequest, maxBody.toBytes());
    }

    public BodyLimits limits() {
        return limits;
    }

    public Mono<EventBody> read(Flux<DataBuffer> body, boolean ndjson) {
        return Mono.defer(() -> {
            EventBodyReader reader = EventBodyReader.of(ndjson, limits, nodes);
            // handle, emitting nothing: each chunk is released here once (operators that drop elements, such as
            // then(), would release them a second time through the discard hook)
            return body.<Void>handle((buffer, sink) -> {
                try {
                    byte[] chunk = new byte[buffer.readableByteCount()];
                    buffer.read(chunk);
                    reader.feed(chunk, 0, chunk.length);
                } catch (RuntimeException e) {
                    sink.error(e);
                } finally {
                    DataBufferUtils.release(buffer);
                }
            }).then(Mono.fromCallable(() -> new EventBody(reader.finish(), reader.bytes(), reader.array())))
                    .onErrorMap(DataBufferLimitException.class, e -> EventBodyReader.tooLarge(limits.maxBodyBytes()));
        });
    }

    /** A body already in memory (tests, tools). */
    public EventBody read(byte[] body, boolean ndjson) {
        EventBodyReader reader = EventBodyReader.of(ndjson, limits, nodes);
        reader.feed(body, 0, body.length);
        return new EventBody(reader.finish(), reader.bytes(), reader.array());
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
