package io.pipelineledger.events.spring;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds every request body as its bytes arrive: no handler or decoder ever sees more than the limit. A declared
 * Content-Length above it is answered 413 without a byte parsed; a chunked body ends with
 * {@link DataBufferLimitException} (answered 413) past it. Bytes past the limit are read and dropped (never
 * buffered) up to twice the bulk limit, so that a client that reads the answer only after sending its whole body gets the
 * 413 rather than a reset connection; beyond that the connection is closed. CRM event batches and imports get the bulk limit
 * ({@code spring.codec.max-in-memory-size}), every other body the general one ({@code ledger.http.max-body-size}).
 */
public final class RequestBodyLimitFilter implements WebFilter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final long generalLimit;
    private final long bulkLimit;

    public RequestBodyLimitFilter(long generalLimit, long bulkLimit) {
        this.generalLimit = generalLimit;
        this.bulkLimit = bulkLimit;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        long limit = limitFor(request.getPath().pathWithinApplication().value());
        long declared = request.getHeaders().getContentLength();
        if (declared > limit) {
            // answered once the body is read and dropped (up to the drain cap): clients that read the answer only
            // after sending all would otherwise see a closed connection instead of the 413
            return declared <= drainCap() ? discard(request.getBody()).then(refuse(exchange, limit))
                    : refuse(exchange, limit);
        }
        ServerHttpRequest limited = new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                return bounded(super.getBody(), limit, drainCap());
            }
        };
        return chain.filter(exchange.mutate().request(limited).build());
    }

    /** How much of a refused body is read and dropped before the connection is closed instead: twice the bulk limit. */
    private long drainCap() {
        return 2 * bulkLimit;
    }

    long limitFor(String path) {
        return path.equals("/api/v1/events") || path.startsWith("/api/v1/import/") ? bulkLimit : generalLimit;
    }

    /**
     * The body up to {@code limit} bytes; past it, chunks are dropped (released, never buffered) and the body ends
     * with {@link DataBufferLimitException} when it ends, or as soon as {@code drainCap} bytes came.
     */
    static Flux<DataBuffer> bounded(Flux<DataBuffer> body, long limit, long drainCap) {
        return Flux.defer(() -> {
            AtomicLong seen = new AtomicLong();
            Mono<DataBuffer> overLimit = Mono.defer(() -> seen.get() > limit ? Mono.error(tooLarge(limit))
                    : Mono.empty());
            return body.<DataBuffer>handle((buffer, sink) -> {
                long total = seen.addAndGet(buffer.readableByteCount());
                if (total <= limit) {
                    sink.next(buffer);
                    return;
                }
                DataBufferUtils.release(buffer);
                if (total > drainCap) {
                    sink.error(tooLarge(limit));
                }
            }).concatWith(overLimit);
        });
    }

    /** Reads and drops the whole body (each chunk released at once). */
    private static Mono<Void> discard(Flux<DataBuffer> body) {
        return body.<Void>handle((buffer, sink) -> DataBufferUtils.release(buffer)).then()
                .onErrorResume(e -> Mono.empty());
    }

    private static DataBufferLimitException tooLarge(long limit) {
        return new DataBufferLimitException("request body is larger than the limit of " + limit + " bytes");
    }

    private static Mono<Void> refuse(ServerWebExchange exchange, long limit) {
        ObjectNode problem = JSON.createObjectNode();
        problem.put("type", "about:blank");
        problem.put("title", HttpStatus.PAYLOAD_TOO_LARGE.getReasonPhrase());
        problem.put("status", 413);
        problem.put("detail", "request body is larger than the limit of " + limit + " bytes for this endpoint: "
                + "split it");
        problem.put("instance", exchange.getRequest().getPath().value());
        problem.put("field", "body");
        byte[] body = problem.toString().getBytes(StandardCharsets.UTF_8);
        var response = exchange.getResponse();
        response.setStatusCode(HttpStatus.PAYLOAD_TOO_LARGE);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getHeaders().setContentLength(body.length);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }
}
