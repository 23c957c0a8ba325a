package io.pipelineledger.events.web;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;

/**
 * Refuses a request whose Accept header cannot be parsed (a {@code q} that is not a number from 0 to 1, a type
 * without a subtype) with 400 naming Accept, before anything else reads it: the framework would otherwise fail again
 * when it negotiates the error's own answer, and close the connection without one.
 */
public class AcceptHeaders implements WebFilter, Ordered {

    static final String RULE = "send media types such as application/json, each with an optional q from 0 to 1 "
            + "(application/json;q=0.9)";

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!exchange.getRequest().getHeaders().containsKey(HttpHeaders.ACCEPT)) {
            return chain.filter(exchange);
        }
        try {
            exchange.getRequest().getHeaders().getAccept();
        } catch (IllegalArgumentException e) { // InvalidMediaTypeException among them
            return refuse(exchange);
        }
        return chain.filter(exchange);
    }

    private static Mono<Void> refuse(ServerWebExchange exchange) {
        String body = "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
                + "\"detail\":\"the Accept header is malformed: " + RULE + "\",\"field\":\"Accept\"}";
        var response = exchange.getResponse();
        response.setStatusCode(HttpStatus.BAD_REQUEST);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.getHeaders().setContentLength(bytes.length);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
    }

    /** Before security, so even a refused credential gets a readable answer. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }
}
