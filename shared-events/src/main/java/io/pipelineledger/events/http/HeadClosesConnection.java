package io.pipelineledger.events.http;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * A HEAD answer closes its connection. With Reactor Netty 1.2 a kept-alive connection could stop answering after a
 * HEAD of a static file: the next request on it was never read (seen in AccessMatrixTest and with a raw socket
 * sending GET and HEAD of /dashboard.js in turn: a hang within ten requests). HEAD is rare and cheap; a new
 * connection for the next request costs a handshake, a hung one costs the client its timeout.
 */
final class HeadClosesConnection implements WebFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (HttpMethod.HEAD.equals(exchange.getRequest().getMethod())) {
            exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
        }
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
