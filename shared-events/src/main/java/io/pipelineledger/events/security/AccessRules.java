package io.pipelineledger.events.security;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which scope each endpoint of every service needs: the one place access is decided (the one-process app serves
 * all of them). The first rule that matches the method and path applies. Deny by default: a method and path no rule
 * lists never reaches a handler ({@link MethodGate} answers 405 for a known path, 404 or 401 for an unknown one).
 * HEAD follows GET's rule (WebFlux runs a GET handler for it); OPTIONS is answered by {@link MethodGate} without a
 * handler, TRACE is refused by the firewall.
 */
public final class AccessRules {

    /** {@code scope} null: open to anyone when {@code open}, else to any authenticated caller. */
    public record Rule(Set<HttpMethod> methods, String pattern, Scope scope, boolean open) {

        public Rule {
            methods = Set.copyOf(methods);
        }

        /** HEAD is a GET without the body: it needs what the GET needs. */
        public boolean allows(HttpMethod method) {
            return methods.contains(method) || (HttpMethod.HEAD.equals(method) && methods.contains(HttpMethod.GET));
        }
    }

    /** The methods a rule may list, in the order an {@code Allow} header names them. */
    static final List<HttpMethod> RULED_METHODS = List.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST,
            HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

    private static final Set<HttpMethod> GET = Set.of(HttpMethod.GET);
    private static final Set<HttpMethod> POST = Set.of(HttpMethod.POST);
    private static final Set<HttpMethod> PUT = Set.of(HttpMethod.PUT);
    private static final Set<HttpMethod> DELETE = Set.of(HttpMethod.DELETE);

    public static final List<Rule> RULES = List.of(
            // probes, the API's description and the dashboard's files (its data needs a key)
            open("/actuator/health"), open("/actuator/health/**"),
            open("/v3/api-docs/**"), open("/v3/api-docs.yaml"), // ** also matches /v3/api-docs itself
            open("/swagger-ui.html"), open("/swagger-ui/**"),
            open("/webjars/**"), open("/"), open("/index.html"),
            open("/dashboard.js"), open("/dashboard.css"),
            open("/favicon.ico"), open("/favicon.svg"),
            rule(GET, "/actuator/prometheus", Scope.METRICS_READ),
            // the exposed actuator endpoints (health, info, metrics, prometheus) only read
            rule(GET, "/actuator/**", Scope.PROCESS_ADMIN),
            // command side
            rule(POST, "/api/v1/events", Scope.EVENTS_WRITE),
            rule(POST, "/api/v1/opportunities/{opportunityId}/events", Scope.EVENTS_WRITE),
            rule(POST, "/api/v1/import/**", Scope.EVENTS_WRITE),
            rule(PUT, "/api/v1/process", Scope.PROCESS_ADMIN),
            authenticated(GET, "/api/v1/process"), authenticated(GET, "/api/v1/process/versions"),
            rule(PUT, "/api/v1/exchange-rates", Scope.PROCESS_ADMIN), authenticated(GET, "/api/v1/exchange-rates"),
            // query side
            rule(GET, "/api/v1/conversion", Scope.METRICS_READ),
            rule(GET, "/api/v1/reps/{repId}/scorecard", Scope.METRICS_READ),
            rule(GET, "/api/v1/winrates", Scope.METRICS_READ),
            rule(GET, "/api/v1/pipeline", Scope.METRICS_READ),
            rule(GET, "/api/v1/maturity", Scope.METRICS_READ),
            rule(GET, "/api/v1/stream", Scope.METRICS_READ),
            rule(GET, "/api/v1/projections", Scope.METRICS_READ),
            rule(POST, "/api/v1/projections/replay", Scope.PROCESS_ADMIN),
            rule(GET, "/api/v1/projections/dead-letters", Scope.PROCESS_ADMIN),
            // forecast side
            rule(POST, "/api/v1/forecast/submissions", Scope.FORECAST_SUBMIT),
            rule(GET, "/api/v1/forecast", Scope.FORECAST_READ),
            rule(GET, "/api/v1/forecast/**", Scope.FORECAST_READ),
            // keys
            rule(Set.of(HttpMethod.GET, HttpMethod.POST), "/api/v1/admin/api-keys", Scope.PROCESS_ADMIN),
            rule(DELETE, "/api/v1/admin/api-keys/{id}", Scope.PROCESS_ADMIN));

    /** Parsed once, in the order of {@link #RULES}. */
    private static final List<PathPattern> PATTERNS = RULES.stream()
            .map(rule -> PathPatternParser.defaultInstance.parse(rule.pattern())).toList();

    private AccessRules() {
    }

    /** The rule that applies to a method on a path; empty when none does (denied). */
    public static Optional<Rule> ruleFor(HttpMethod method, PathContainer path) {
        for (int i = 0; i < RULES.size(); i++) {
            if (RULES.get(i).allows(method) && PATTERNS.get(i).matches(path)) {
                return Optional.of(RULES.get(i));
            }
        }
        return Optional.empty();
    }

    /** The methods some rule allows on the path (HEAD with GET); empty for a path no rule knows. */
    public static Set<HttpMethod> allowedMethods(PathContainer path) {
        Set<HttpMethod> allowed = new LinkedHashSet<>();
        for (HttpMethod method : RULED_METHODS) {
            if (ruleFor(method, path).isPresent()) {
                allowed.add(method);
            }
        }
        return allowed;
    }

    static void apply(ServerHttpSecurity.AuthorizeExchangeSpec exchanges) {
        for (int i = 0; i < RULES.size(); i++) {
            Rule rule = RULES.get(i);
            PathPattern pattern = PATTERNS.get(i);
            ServerWebExchangeMatcher matcher = exchange -> rule.allows(exchange.getRequest().getMethod())
                    && pattern.matches(path(exchange)) ? ServerWebExchangeMatcher.MatchResult.match()
                    : ServerWebExchangeMatcher.MatchResult.notMatch();
            ServerHttpSecurity.AuthorizeExchangeSpec.Access access = exchanges.matchers(matcher);
            if (rule.open()) {
                access.permitAll();
            } else if (rule.scope() == null) {
                access.authenticated();
            } else {
                access.hasAuthority(rule.scope().authority());
            }
        }
        exchanges.anyExchange().denyAll();
    }

    /** The scope the exchange's endpoint needs (for a 403 that says which), if any. */
    static Optional<Scope> requiredScope(ServerWebExchange exchange) {
        return ruleFor(exchange.getRequest().getMethod(), path(exchange)).map(Rule::scope);
    }

    static PathContainer path(ServerWebExchange exchange) {
        return exchange.getRequest().getPath().pathWithinApplication();
    }

    private static Rule open(String pattern) {
        return new Rule(GET, pattern, null, true);
    }

    private static Rule authenticated(Set<HttpMethod> methods, String pattern) {
        return new Rule(methods, pattern, null, false);
    }

    private static Rule rule(Set<HttpMethod> methods, String pattern, Scope scope) {
        return new Rule(methods, pattern, scope, false);
    }
}
