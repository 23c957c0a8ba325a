package io.pipelineledger.events.http;

import org.reactivestreams.Publisher;
import org.springframework.boot.web.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Ends streamed answers (live server-sent events, streamed NDJSON) cleanly when the process is asked to stop, just
 * before the web server's graceful shutdown waits for active requests: a live stream never completes by itself, so it
 * would hold the shutdown for its whole timeout. Clients see the stream end and reconnect (to another instance). Other
 * requests in flight are answered as usual.
 */
final class StreamsEndAtShutdown implements WebFilter, SmartLifecycle, Ordered {

    private final Sinks.One<Boolean> stopping = Sinks.one();
    private volatile boolean running;

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpResponse response = new ServerHttpResponseDecorator(exchange.getResponse()) {
            @Override
            public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
                return super.writeAndFlushWith(Flux.from(body).takeUntilOther(stopping.asMono()));
            }
        };
        return chain.filter(exchange.mutate().response(response).build());
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        stopping.tryEmitValue(Boolean.TRUE);
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stopped before the graceful shutdown (higher phases stop first). */
    @Override
    public int getPhase() {
        return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 1;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
