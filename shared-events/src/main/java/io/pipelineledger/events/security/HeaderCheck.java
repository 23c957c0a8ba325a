package io.pipelineledger.events.security;

import org.springframework.http.HttpHeaders;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The firewall checks a header's value only when someone reads it (control characters are refused), so a handler
 * reading a bad X-Ledger-Actor or Accept failed with a 500. This first filter of the security chain reads every
 * header once: a value the firewall refuses is a 400 naming the header, before any credential or handler.
 */
final class HeaderCheck implements WebFilter {

    private final SecurityProblems problems;

    HeaderCheck(SecurityProblems problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        for (String name : headers.keySet()) {
            try {
                headers.get(name);
            } catch (ServerExchangeRejectedException e) {
                return problems.badHeader(exchange, name);
            }
        }
        return chain.filter(exchange);
    }
}
