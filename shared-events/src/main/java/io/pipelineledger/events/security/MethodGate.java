package io.pipelineledger.events.security;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.util.Set;

/**
 * Methods before scopes, in the security chain after authentication (a bad credential is refused first): OPTIONS
 * is answered here, 204 with {@code Allow} and no body, without any handler; a method no rule allows on a path some
 * rule knows is a 405 naming the allowed ones. Everything else goes on to the scope check. Browser preflights get
 * the same 204 and no CORS headers: the API is not for cross-origin pages (the dashboard is served same-origin).
 */
final class MethodGate implements WebFilter {

    private final SecurityProblems problems;

    MethodGate(SecurityProblems problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        HttpMethod method = exchange.getRequest().getMethod();
        PathContainer path = AccessRules.path(exchange);
        if (AccessRules.ruleFor(method, path).isPresent()) {
            return chain.filter(exchange); // the common case: one pass over the rules
        }
        Set<HttpMethod> allowed = AccessRules.allowedMethods(path);
        if (HttpMethod.OPTIONS.equals(method)) {
            var response = exchange.getResponse();
            response.setStatusCode(HttpStatus.NO_CONTENT);
            response.getHeaders().set(HttpHeaders.ALLOW, SecurityProblems.allowHeader(allowed));
            return response.setComplete();
        }
        if (!allowed.isEmpty()) {
            return problems.methodNotAllowed(exchange, allowed);
        }
        return chain.filter(exchange);
    }
}
