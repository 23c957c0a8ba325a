package io.pipelineledger.events.security;

import org.springframework.http.HttpMethod;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.util.matcher.PathPatternParserServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.List;

/**
 * Which scope each endpoint of every service needs: the one place access is decided (the one-process app serves
 * all of them). The first rule that matches applies; anything not listed needs a valid credential of any scope.
 */
public final class AccessRules {

    /** {@code scope} null: open to anyone when {@code open}, else to any authenticated caller. */
    public record Rule(HttpMethod method, String pattern, Scope scope, boolean open) {

        ServerWebExchangeMatcher matcher() {
            return new PathPatternParserServerWebExchangeMatcher(pattern, method);
        }
    }

    public static final List<Rule> RULES = List.of(
            // probes, the API's description and the dashboard's files (its data needs a key)
            open(HttpMethod.GET, "/actuator/health"), open(HttpMethod.GET, "/actuator/health/**"),
            open(HttpMethod.GET, "/v3/api-docs/**"), open(HttpMethod.GET, "/v3/api-docs"),
            open(HttpMethod.GET, "/swagger-ui.html"), open(HttpMethod.GET, "/swagger-ui/**"),
            open(HttpMethod.GET, "/webjars/**"), open(HttpMethod.GET, "/"), open(HttpMethod.GET, "/index.html"),
            open(HttpMethod.GET, "/dashboard.js"), open(HttpMethod.GET, "/dashboard.css"),
            open(HttpMethod.GET, "/favicon.ico"),
            rule(HttpMethod.GET, "/actuator/prometheus", Scope.METRICS_READ),
            rule(null, "/actuator/**", Scope.PROCESS_ADMIN),
            // command side
            rule(HttpMethod.POST, "/api/v1/events", Scope.EVENTS_WRITE),
            rule(HttpMethod.POST, "/api/v1/opportunities/{opportunityId}/events", Scope.EVENTS_WRITE),
            rule(HttpMethod.POST, "/api/v1/import/**", Scope.EVENTS_WRITE),
            rule(HttpMethod.PUT, "/api/v1/process", Scope.PROCESS_ADMIN),
            authenticated(HttpMethod.GET, "/api/v1/process"), authenticated(HttpMethod.GET, "/api/v1/process/versions"),
            // query side
            rule(HttpMethod.GET, "/api/v1/conversion", Scope.METRICS_READ),
            rule(HttpMethod.GET, "/api/v1/reps/{repId}/scorecard", Scope.METRICS_READ),
            rule(HttpMethod.GET, "/api/v1/winrates", Scope.METRICS_READ),
            rule(HttpMethod.GET, "/api/v1/pipeline", Scope.METRICS_READ),
            rule(HttpMethod.GET, "/api/v1/maturity", Scope.METRICS_READ),
            rule(HttpMethod.GET, "/api/v1/stream", Scope.METRICS_READ),
            rule(HttpMethod.GET, "/api/v1/projections", Scope.METRICS_READ),
            rule(HttpMethod.POST, "/api/v1/projections/replay", Scope.PROCESS_ADMIN),
            rule(HttpMethod.GET, "/api/v1/projections/dead-letters", Scope.PROCESS_ADMIN),
            // forecast side
            rule(HttpMethod.POST, "/api/v1/forecast/submissions", Scope.FORECAST_SUBMIT),
            rule(HttpMethod.GET, "/api/v1/forecast", Scope.FORECAST_READ),
            rule(HttpMethod.GET, "/api/v1/forecast/**", Scope.FORECAST_READ),
            // keys
            rule(null, "/api/v1/admin/**", Scope.PROCESS_ADMIN));

    private AccessRules() {
    }

    static void apply(ServerHttpSecurity.AuthorizeExchangeSpec exchanges) {
        for (Rule rule : RULES) {
            ServerHttpSecurity.AuthorizeExchangeSpec.Access access = exchanges.matchers(rule.matcher());
            if (rule.open()) {
                access.permitAll();
            } else if (rule.scope() == null) {
                access.authenticated();
            } else {
                access.hasAuthority(rule.scope().authority());
            }
        }
        exchanges.anyExchange().authenticated();
    }

    /** The scope the exchange's endpoint needs (for a 403 that says which), if any. */
    static Mono<Scope> requiredScope(ServerWebExchange exchange) {
        return Flux.fromIterable(RULES)
                .concatMap(rule -> rule.matcher().matches(exchange).filter(ServerWebExchangeMatcher.MatchResult::isMatch)
                        .map(match -> rule))
                .next()
                .filter(rule -> rule.scope() != null)
                .map(Rule::scope);
    }

    private static Rule open(HttpMethod method, String pattern) {
        return new Rule(method, pattern, null, true);
    }

    private static Rule authenticated(HttpMethod method, String pattern) {
        return new Rule(method, pattern, null, false);
    }

    private static Rule rule(HttpMethod method, String pattern, Scope scope) {
        return new Rule(method, pattern, scope, false);
    }
}
