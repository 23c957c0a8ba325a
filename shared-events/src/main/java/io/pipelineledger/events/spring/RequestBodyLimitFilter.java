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
 * Bounds every request body as its bytes arrive: a declared Content-Length above the limit is answered 413 before a
 * byte is read; a chunked body fails with {@link DataBufferLimitException} (answered 413) at the first chunk past
 * it, so no handler or decoder ever buffers more. CRM event batches and imports get the bulk limit
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
        if (request.getHeaders().getContentLength() > limit) {
            return refuse(exchange, limit);
        }
        ServerHttpRequest limited = new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                return bounded(super.getBody(), limit);
            }
        };
        return chain.filter(exchange.mutate().request(limited).build());
    }

    long limitFor(String path) {
        return path.equals("/api/v1/events") || path.startsWith("/api/v1/import/") ? bulkLimit : generalLimit;
    }

    static Flux<DataBuffer> bounded(Flux<DataBuffer> body, long limit) {
        return Flux.defer(() -> {
            AtomicLong seen = new AtomicLong();
            return body.handle((buffer, sink) -> {
                if (seen.addAndGet(buffer.readableByteCount()) > limit) {
                    DataBufferUtils.release(buffer);
                    sink.error(new DataBufferLimitException("request body is larger than the limit of " + limit
                            + " bytes"));
                } else {
                    sink.next(buffer);
                }
            });
        });
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
