package io.pipelineledger.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipelineledger.command.support.TestKeys;
import io.pipelineledger.embedded.support.LedgerClient;
import io.pipelineledger.events.security.AccessRules;
import io.pipelineledger.probe.HandlerProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deny by default, over HTTP on the one-process app started without a token issuer: every rule's path × every method
 * (GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS, TRACE) × no key and a key of each scope answers what the table below
 * says (written from SECURITY.md, not from the rules); refusals are problems that carry no data, OPTIONS and HEAD no
 * body; a refused request never reaches a handler (counted by {@link HandlerProbe}); a credential that is not
 * accepted is refused on every path, the open ones too, while a request with no credential still gets them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessMatrixTest {

    static final String OPEN = "open";
    static final String ANY = "any";
    static final List<String> SCOPES = List.of("events:write", "forecast:read", "forecast:submit", "metrics:read",
            "process:admin");
    static final List<HttpMethod> METHODS = List.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT,
            HttpMethod.DELETE, HttpMethod.PATCH, HttpMethod.OPTIONS, HttpMethod.TRACE);
    /** All a refusal may say: the problem's own fields. */
    static final Set<String> PROBLEM_FIELDS = Set.of("type", "title", "status", "detail", "instance", "field",
            "requiredScope");

    /** A path and the scope each method it serves needs (HEAD goes with GET); no methods: no such endpoint. */
    record Sample(String uri, Map<HttpMethod, String> methods) {

        String path() {
            int query = uri.indexOf('?');
            return query < 0 ? uri : uri.substring(0, query);
        }

        /** The scope the method needs, or null when the path does not serve it. */
        String scopeOf(HttpMethod method) {
            return methods.get(HttpMethod.HEAD.equals(method) ? HttpMethod.GET : method);
        }

        Set<String> allow() {
            Set<String> allow = new LinkedHashSet<>();
            methods.keySet().forEach(m -> allow.add(m.name()));
            if (methods.containsKey(HttpMethod.GET)) {
                allow.add("HEAD");
            }
            allow.add("OPTIONS");
            return allow;
        }

        @Override
        public String toString() {
            return uri;
        }
    }

    static final List<Sample> SAMPLES = List.of(
            sample("/actuator/health", HttpMethod.GET, OPEN),
            sample("/actuator/health/readiness", HttpMethod.GET, OPEN),
            sample("/v3/api-docs", HttpMethod.GET, OPEN),
            sample("/v3/api-docs/swagger-config", HttpMethod.GET, OPEN),
            sample("/v3/api-docs.yaml", HttpMethod.GET, OPEN),
            sample("/swagger-ui.html", HttpMethod.GET, OPEN),
            sample("/swagger-ui/index.html", HttpMethod.GET, OPEN),
            sample("/webjars/swagger-ui/index.html", HttpMethod.GET, OPEN),
            sample("/", HttpMethod.GET, OPEN),
            sample("/index.html", HttpMethod.GET, OPEN),
            sample("/dashboard.js", HttpMethod.GET, OPEN),
            sample("/dashboard.css", HttpMethod.GET, OPEN),
            sample("/favicon.ico", HttpMethod.GET, OPEN),
            sample("/favicon.svg", HttpMethod.GET, OPEN),
            sample("/actuator/prometheus", HttpMethod.GET, "metrics:read"),
            sample("/actuator/metrics", HttpMethod.GET, "process:admin"),
            sample("/api/v1/events", HttpMethod.POST, "events:write"),
            sample("/api/v1/opportunities/OPP-X/events", HttpMethod.POST, "events:write"),
            sample("/api/v1/import/opportunity-history", HttpMethod.POST, "events:write"),
            new Sample("/api/v1/process", Map.of(HttpMethod.GET, ANY, HttpMethod.PUT, "process:admin")),
            sample("/api/v1/process/versions", HttpMethod.GET, ANY),
            new Sample("/api/v1/exchange-rates", Map.of(HttpMethod.GET, ANY, HttpMethod.PUT, "process:admin")),
            sample("/api/v1/conversion?groupBy=planet", HttpMethod.GET, "metrics:read"),
            sample("/api/v1/reps/rep-01/scorecard?asOf=never", HttpMethod.GET, "metrics:read"),
            sample("/api/v1/winrates?groupBy=planet", HttpMethod.GET, "metrics:read"),
            sample("/api/v1/pipeline?groupBy=planet", HttpMethod.GET, "metrics:read"),
            sample("/api/v1/maturity?asOf=never", HttpMethod.GET, "metrics:read"),
            sample("/api/v1/stream?groupBy=planet", HttpMethod.GET, "metrics:read"),
            sample("/api/v1/projections", HttpMethod.GET, "metrics:read"),
            sample("/api/v1/projections/replay?processor=none", HttpMethod.POST, "process:admin"),
            sample("/api/v1/projections/dead-letters", HttpMethod.GET, "process:admin"),
            sample("/api/v1/forecast?period=2026-Q9", HttpMethod.GET, "forecast:read"),
            sample("/api/v1/forecast/explain?period=2026-Q9", HttpMethod.GET, "forecast:read"),
            sample("/api/v1/forecast/backtest?from=nope", HttpMethod.GET, "forecast:read"),
            new Sample("/api/v1/forecast/submissions?period=2026-Q9", Map.of(HttpMethod.GET, "forecast:read",
                    HttpMethod.POST, "forecast:submit")),
            new Sample("/api/v1/admin/api-keys", Map.of(HttpMethod.GET, "process:admin",
                    HttpMethod.POST, "process:admin")),
            sample("/api/v1/admin/api-keys/nosuchkey", HttpMethod.DELETE, "process:admin"),
            new Sample("/api/v1/no-such-endpoint", Map.of()));

    private ConfigurableApplicationContext app;
    private WebTestClient web;
    private final Map<String, String> keyOf = new LinkedHashMap<>();

    @BeforeAll
    void start() throws Exception {
        Path data = Files.createTempDirectory("ledger-access-matrix");
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--ledger.data-dir=" + data,
                "--test.ledger.admin-key=false"));
        for (int i = 0; i < SCOPES.size(); i++) {
            String key = "pl_matrix" + i + "_" + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(("matrix " + SCOPES.get(i) + " " + System.nanoTime()).getBytes());
            keyOf.put(SCOPES.get(i), key);
            args.add("--ledger.security.keys[" + i + "]=" + TestKeys.line(key, SCOPES.get(i)));
        }
        app = new SpringApplicationBuilder(PipelineLedgerApplication.class, HandlerProbe.class)
                .run(args.toArray(String[]::new));
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        // a connection per request: a kept-alive connection can stop answering after some quick answers (Reactor
        // Netty 1.2, see KeepAliveTest and SECURITY.md); this test is about the answers, not about keep-alive
        web = WebTestClient.bindToServer(new org.springframework.http.client.reactive.ReactorClientHttpConnector(
                        reactor.netty.http.client.HttpClient.newConnection()))
                .baseUrl("http://localhost:" + port).responseTimeout(Duration.ofMinutes(1))
                .build();
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    /** The table covers every rule, so a rule added without a row here fails this test. */
    @Test
    void theTableCoversEveryRule() {
        Set<AccessRules.Rule> covered = new LinkedHashSet<>();
        for (Sample sample : SAMPLES) {
            for (HttpMethod method : METHODS) {
                AccessRules.ruleFor(method, PathContainer.parsePath(sample.path())).ifPresent(covered::add);
            }
        }
        assertThat(covered).containsExactlyInAnyOrderElementsOf(AccessRules.RULES);
    }

    /** Deny by default makes an endpoint without a rule unreachable: every controller method must have one. */
    @Test
    void everyEndpointOfTheAppHasARule() {
        RequestMappingHandlerMapping mappings = app.getBean("requestMappingHandlerMapping",
                RequestMappingHandlerMapping.class);
        List<String> unruled = new ArrayList<>();
        int endpoints = 0;
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            for (String pattern : info.getPatternsCondition().getPatterns().stream().map(Object::toString).toList()) {
                if (pattern.startsWith(HandlerProbe.RULED) || pattern.startsWith(HandlerProbe.UNRULED)) {
                    continue;
                }
                String path = pattern.replaceAll("\\{[^}]*}", "x");
                for (RequestMethod method : info.getMethodsCondition().getMethods()) {
                    endpoints++;
                    if (AccessRules.ruleFor(method.asHttpMethod(), PathContainer.parsePath(path)).isEmpty()) {
                        unruled.add(method + " " + pattern);
                    }
                }
            }
        }
        assertThat(endpoints).isGreaterThan(20);
        assertThat(unruled).as("endpoints no AccessRules rule allows").isEmpty();
    }

    @Test
    void everyPathMethodAndScope() {
        List<String> credentials = new ArrayList<>();
        credentials.add(null);
        credentials.addAll(SCOPES);
        int requests = 0;
        for (Sample sample : SAMPLES) {
            for (HttpMethod method : METHODS) {
                for (String scope : credentials) {
                    EntityExchangeResult<byte[]> result = send(method, sample.uri(), scope == null ? null
                            : keyOf.get(scope));
                    requests++;
                    check(sample, method, scope, result);
                }
            }
        }
        assertThat(requests).isEqualTo(SAMPLES.size() * METHODS.size() * (SCOPES.size() + 1));
    }

    /** The cases (HEAD skipped the scope check), and proof that refused requests reach no handler. */
    @Test
    void refusedRequestsNeverReachAHandler() {
        HandlerProbe probe = app.getBean(HandlerProbe.class);
        String writer = keyOf.get("events:write");
        for (String uri : List.of("/api/v1/forecast?period=2026-Q4", "/api/v1/forecast/backtest?from=2025-Q1",
                "/api/v1/projections/dead-letters")) {
            assertThat(send(HttpMethod.HEAD, uri, writer).getStatus().value()).as("HEAD " + uri).isEqualTo(403);
        }

        String all = String.join(",", SCOPES);
        assertThat(send(HttpMethod.HEAD, HandlerProbe.RULED, writer).getStatus().value()).isEqualTo(403);
        for (HttpMethod method : METHODS) {
            for (String key : keyOf.values()) {
                send(method, HandlerProbe.UNRULED, key);
                if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
                    send(method, HandlerProbe.RULED, key);
                }
            }
            send(method, HandlerProbe.UNRULED, null);
        }
        assertThat(probe.calls(HandlerProbe.UNRULED)).as("a path no rule lists: never handled, " + all).isZero();
        assertThat(probe.calls(HandlerProbe.RULED)).as("methods the rule does not list, HEAD without the scope")
                .isZero();

        // the probe does count what is allowed: HEAD with forecast:read runs the GET handler, without a body
        EntityExchangeResult<byte[]> head = send(HttpMethod.HEAD, HandlerProbe.RULED, keyOf.get("forecast:read"));
        assertThat(head.getStatus().value()).isEqualTo(200);
        assertThat(head.getResponseBody()).isNullOrEmpty();
        assertThat(send(HttpMethod.GET, HandlerProbe.RULED, keyOf.get("forecast:read")).getResponseBody())
                .asString().isEqualTo("probe data");
        assertThat(probe.calls(HandlerProbe.RULED, "HEAD") + probe.calls(HandlerProbe.RULED, "GET")).isEqualTo(2);
    }

    /**
     * SECURITY.md: a credential that is not accepted is refused even where none is needed. No token issuer is
     * configured here, so a bearer token that is not one of our keys can only be junk.
     */
    @Test
    void aMalformedCredentialIsRefusedOnEveryPath() {
        String valid = keyOf.get("metrics:read");
        List<List<String>> bad = List.of(
                List.of("Authorization", "Bearer junk"),
                List.of("Authorization", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9."),
                List.of("Authorization", "Bearer "),
                List.of("Authorization", "Basic dXNlcjpwYXNzd29yZA=="),
                List.of("Authorization", "pl_matrix3_notakey"),
                List.of("X-API-Key", "junk"),
                List.of("X-API-Key", ""),
                List.of("X-API-Key", "pl_matrix3_" + "A".repeat(43)),
                List.of("X-API-Key", valid, "X-API-Key", valid),
                List.of("X-API-Key", valid, "Authorization", "Bearer " + valid));
        for (String uri : List.of("/actuator/health", "/actuator/health/liveness", "/", "/dashboard.js",
                "/v3/api-docs", "/api/v1/maturity")) {
            for (List<String> headers : bad) {
                WebTestClient.RequestHeadersSpec<?> request = web.get().uri(uri);
                for (int i = 0; i < headers.size(); i += 2) {
                    request.header(headers.get(i), headers.get(i + 1));
                }
                EntityExchangeResult<byte[]> result = request.exchange().expectBody().returnResult();
                String as = uri + " with " + headers.get(0) + (headers.size() > 2 ? " and " + headers.get(2) : "");
                assertThat(result.getStatus().value()).as(as).isEqualTo(401);
                assertThat(result.getResponseHeaders().getFirst("WWW-Authenticate")).as(as).startsWith("Bearer");
                JsonNode problem = problem(result, as);
                assertThat(problem.get("field").asText()).as(as).isEqualTo("Authorization");
                for (int i = 1; i < headers.size(); i += 2) {
                    if (headers.get(i).length() > 8) {
                        assertThat(problem.toString()).as("never echoes what was sent").doesNotContain(headers.get(i));
                    }
                }
            }
        }
        // the probes send nothing: open ones stay open; one valid key is fine
        for (String uri : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness",
                "/")) {
            assertThat(web.get().uri(uri).exchange().expectBody().returnResult().getStatus().value()).as(uri)
                    .isEqualTo(200);
        }
        assertThat(web.get().uri("/api/v1/maturity").header("Authorization", "Bearer " + valid).exchange()
                .expectBody().returnResult().getStatus().value()).isEqualTo(200);
    }

    /** The firewall refuses control characters in a header only when it is read: a 400 naming it, never a 500. */
    @Test
    void aHeaderWithControlCharactersIsRefusedNamingIt() {
        for (String uri : List.of("/api/v1/forecast?period=2026-Q4", "/actuator/health", "/api/v1/maturity")) {
            EntityExchangeResult<byte[]> result = web.get().uri(uri).header(TestKeys.HEADER, keyOf.get("forecast:read"))
                    .header("Accept", "application/json\u0085").exchange().expectBody().returnResult();
            assertThat(result.getStatus().value()).as(uri).isEqualTo(400);
            assertThat(problem(result, uri).get("field").asText()).as(uri).isEqualTo("Accept");
        }
    }

    // --- helpers

    private void check(Sample sample, HttpMethod method, String scope, EntityExchangeResult<byte[]> result) {
        int status = result.getStatus().value();
        String as = method + " " + sample + " with " + (scope == null ? "no key" : "a key of " + scope);
        String needed = sample.scopeOf(method);
        if (method.equals(HttpMethod.OPTIONS)) {
            assertThat(status).as(as).isEqualTo(204);
            assertThat(result.getResponseBody()).as(as).isNullOrEmpty();
            assertThat(allow(result)).as(as).isEqualTo(sample.allow());
        } else if (needed == null && (method.equals(HttpMethod.TRACE) || !sample.methods().isEmpty())) {
            assertThat(status).as(as).isEqualTo(405);
            assertThat(allow(result)).as(as).isEqualTo(sample.allow());
            JsonNode problem = problem(result, as);
            if (problem != null) {
                assertThat(problem.get("field").asText()).as(as).isEqualTo("method");
            }
        } else if (needed == null) {
            assertThat(status).as(as).isEqualTo(scope == null ? 401 : 404);
            problem(result, as);
        } else if (scope == null && !needed.equals(OPEN)) {
            assertThat(status).as(as).isEqualTo(401);
            problem(result, as);
        } else if (scope != null && !needed.equals(OPEN) && !needed.equals(ANY) && !needed.equals(scope)) {
            assertThat(status).as(as).isEqualTo(403);
            JsonNode problem = problem(result, as);
            if (problem != null) {
                assertThat(problem.get("requiredScope").asText()).as(as).isEqualTo(needed);
            }
        } else {
            assertThat(status).as(as + " lets the request through").isNotIn(401, 403, 405).isLessThan(500);
        }
        if (method.equals(HttpMethod.HEAD)) {
            assertThat(result.getResponseBody()).as(as + ": HEAD has no body").isNullOrEmpty();
        }
    }

    /** A refusal: a problem and nothing else (no data of the endpoint); null for HEAD, whose answers have no body. */
    private static JsonNode problem(EntityExchangeResult<byte[]> result, String as) {
        if (result.getMethod().equals(HttpMethod.HEAD)) {
            assertThat(result.getResponseBody()).as(as).isNullOrEmpty();
            return null;
        }
        assertThat(result.getResponseHeaders().getContentType()).as(as).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = LedgerClient.json(new String(result.getResponseBody()));
        Set<String> fields = new LinkedHashSet<>();
        problem.fieldNames().forEachRemaining(fields::add);
        assertThat(PROBLEM_FIELDS).as(as + ": " + problem).containsAll(fields);
        assertThat(problem.get("status").asInt()).as(as).isEqualTo(result.getStatus().value());
        return problem;
    }

    private static Set<String> allow(EntityExchangeResult<byte[]> result) {
        String allow = result.getResponseHeaders().getFirst("Allow");
        assertThat(allow).isNotNull();
        return Arrays.stream(allow.split(",")).map(String::strip).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private EntityExchangeResult<byte[]> send(HttpMethod method, String uri, String key) {
        WebTestClient.RequestBodySpec request = web.method(method).uri(uri);
        if (key != null) {
            request.header(TestKeys.HEADER, key);
        }
        if (method.equals(HttpMethod.POST) || method.equals(HttpMethod.PUT) || method.equals(HttpMethod.PATCH)) {
            request.contentType(MediaType.APPLICATION_JSON).bodyValue(uri.contains("/events") ? "[]" : "{}");
        }
        return request.exchange().expectBody().returnResult();
    }

    private static Sample sample(String uri, HttpMethod method, String scope) {
        return new Sample(uri, Map.of(method, scope));
    }
}
