package io.pipelineledger.events.security;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * A request refused with a body still unread (too large, wrong content type, no credential, a path the firewall
 * refuses) closes its connection after the answer. Otherwise the client's unread body bytes would be taken as the
 * next request on a kept-alive connection, and clients that do not wait for "100 Continue" hang or read answers
 * meant for another request.
 */
public final class CloseAfterRefusalFilter implements WebFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (request.getHeaders().getContentLength() > 0
                || request.getHeaders().containsKey(HttpHeaders.TRANSFER_ENCODING)) {
            exchange.getResponse().beforeCommit(() -> {
                HttpStatusCode status = exchange.getResponse().getStatusCode();
                if (status != null && status.isError()) {
                    exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
                }
                return Mono.empty();
            });
        }
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
