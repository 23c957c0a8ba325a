package io.pipelineledger.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.pipelineledger.command.support.TestKeys;
import io.pipelineledger.embedded.support.LedgerClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may do what, over HTTP on the one-process app (it serves every service's endpoints, through the same rules the
 * services use): the whole matrix of endpoint × credential (none, unknown key, a key of each scope, a JWT of each
 * scope, an expired or foreign-signed JWT) answers 401, 403 naming the scope, or lets the request through; keys are
 * created and revoked without a restart; no credential reaches the output, even with security's debug logging on; a
 * first start writes one admin key to an owner-only file (never to the output) and stores only its hash.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(OutputCaptureExtension.class)
class AccessControlTest {

    /** An endpoint, a request that passes its validation or fails it with a 4xx (never changing the ledger much). */
    record Endpoint(HttpMethod method, String uri, String body, String scope) {
        @Override
        public String toString() {
            return method + " " + uri;
        }
    }

    static final String ANY = "any";
    static final String OPEN = "open";
    // written from the API's documentation (SECURITY.md), not from the rules in the code
    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint(HttpMethod.POST, "/api/v1/events", "[]", "events:write"),
            new Endpoint(HttpMethod.POST, "/api/v1/opportunities/OPP-X/events", "{}", "events:write"),
            new Endpoint(HttpMethod.POST, "/api/v1/import/opportunity-history", "", "events:write"),
            new Endpoint(HttpMethod.GET, "/api/v1/process", null, ANY),
            new Endpoint(HttpMethod.GET, "/api/v1/process/versions", null, ANY),
            new Endpoint(HttpMethod.PUT, "/api/v1/process", "{}", "process:admin"),
            new Endpoint(HttpMethod.GET, "/api/v1/conversion", null, "metrics:read"),
            new Endpoint(HttpMethod.GET, "/api/v1/reps/rep-01/scorecard", null, "metrics:read"),
            new Endpoint(HttpMethod.GET, "/api/v1/winrates", null, "metrics:read"),
            new Endpoint(HttpMethod.GET, "/api/v1/pipeline", null, "metrics:read"),
            new Endpoint(HttpMethod.GET, "/api/v1/maturity", null, "metrics:read"),
            new Endpoint(HttpMethod.GET, "/api/v1/stream?groupBy=planet", null, "metrics:read"),
            new Endpoint(HttpMethod.GET, "/api/v1/projections", null, "metrics:read"),
            new Endpoint(HttpMethod.POST, "/api/v1/projections/replay?processor=none", null, "process:admin"),
            new Endpoint(HttpMethod.GET, "/api/v1/projections/dead-letters", null, "process:admin"),
            new Endpoint(HttpMethod.GET, "/api/v1/forecast?period=2026-Q9", null, "forecast:read"),
            new Endpoint(HttpMethod.GET, "/api/v1/forecast/explain?period=2026-Q9", null, "forecast:read"),
            new Endpoint(HttpMethod.GET, "/api/v1/forecast/backtest?from=nope", null, "forecast:read"),
            new Endpoint(HttpMethod.GET, "/api/v1/forecast/submissions?period=2026-Q4", null, "forecast:read"),
            new Endpoint(HttpMethod.POST, "/api/v1/forecast/submissions", "{}", "forecast:submit"),
            new Endpoint(HttpMethod.GET, "/api/v1/admin/api-keys", null, "process:admin"),
            new Endpoint(HttpMethod.POST, "/api/v1/admin/api-keys", "{}", "process:admin"),
            new Endpoint(HttpMethod.DELETE, "/api/v1/admin/api-keys/nosuchkey", null, "process:admin"),
            new Endpoint(HttpMethod.GET, "/actuator/prometheus", null, "metrics:read"),
            new Endpoint(HttpMethod.GET, "/actuator/metrics", null, "process:admin"),
            new Endpoint(HttpMethod.GET, "/actuator/health/readiness", null, OPEN),
            new Endpoint(HttpMethod.GET, "/actuator/health/liveness", null, OPEN),
            new Endpoint(HttpMethod.GET, "/v3/api-docs", null, OPEN),
            new Endpoint(HttpMethod.GET, "/", null, OPEN),
            new Endpoint(HttpMethod.GET, "/dashboard.js", null, OPEN),
            new Endpoint(HttpMethod.GET, "/api/v1/no-such-endpoint", null, ANY));
    static final List<String> SCOPES = List.of("events:write", "forecast:read", "forecast:submit", "metrics:read",
            "process:admin");

    private ConfigurableApplicationContext app;
    private WebTestClient web;
    private Path keysFile;
    private final Map<String, String> keyOf = new LinkedHashMap<>();
    private final Map<String, String> tokenOf = new LinkedHashMap<>();
    private final List<String> secrets = new ArrayList<>();
    private PrivateKey signing;

    @BeforeAll
    void start() throws Exception {
        Path data = Files.createTempDirectory("ledger-access");
        keysFile = data.resolve("api-keys");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair issuer = generator.generateKeyPair();
        signing = issuer.getPrivate();
        Path publicKey = data.resolve("issuer.pem");
        Files.writeString(publicKey, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(issuer.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");

        List<String> args = new ArrayList<>(List.of("--server.port=0", "--ledger.data-dir=" + data,
                "--test.ledger.admin-key=false", "--logging.level.org.springframework.security=DEBUG",
                "--spring.security.oauth2.resourceserver.jwt.public-key-location=file:" + publicKey));
        for (int i = 0; i < SCOPES.size(); i++) {
            String scope = SCOPES.get(i);
            String key = "pl_scope" + i + "_" + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(("secret of " + scope + " " + System.nanoTime()).getBytes());
            keyOf.put(scope, key);
            tokenOf.put(scope, jwt(scope, Instant.now().plusSeconds(3600), signing));
            args.add("--ledger.security.keys[" + i + "]=" + TestKeys.line(key, scope));
        }
        secrets.addAll(keyOf.values());
        secrets.addAll(tokenOf.values());
        app = new SpringApplicationBuilder(PipelineLedgerApplication.class).run(args.toArray(String[]::new));
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

    @Test
    @Order(1)
    void everyEndpointAgainstEveryCredential(CapturedOutput output) throws Exception {
        String foreign = jwt("process:admin", Instant.now().plusSeconds(3600),
                KeyPairGenerator.getInstance("RSA").generateKeyPair().getPrivate());
        String expired = jwt("process:admin", Instant.now().minusSeconds(600), signing);
        secrets.addAll(List.of(foreign, expired));
        List<List<String>> badCredentials = List.of(List.of("none", ""),
                List.of("X-API-Key", "pl_unknown1_notakey"), List.of("Authorization", "Bearer " + foreign),
                List.of("Authorization", "Bearer " + expired), List.of("Authorization", "Bearer junk!"),
                List.of("Authorization", "Basic dXNlcjpwYXNzd29yZA=="), List.of("Authorization", "Bearer"));
        int requests = 0;
        for (Endpoint endpoint : ENDPOINTS) {
            boolean open = endpoint.scope().equals(OPEN);
            // no credential (401 unless open), an unknown key, a JWT from another issuer, an expired one, junk
            // that is no JWT at all, another scheme (401)
            for (List<String> header : badCredentials) {
                EntityExchangeResult<String> result = send(endpoint, header.get(0), header.get(1));
                requests++;
                int status = result.getStatus().value();
                String as = endpoint + " with " + header.get(0) + " " + header.get(1).substring(0,
                        Math.min(12, header.get(1).length()));
                if (open && header.get(0).equals("none")) {
                    assertThat(status).as(as).isEqualTo(200);
                } else { // a credential that is not accepted is refused even where none is needed
                    assertThat(status).as(as).isEqualTo(401);
                    assertThat(result.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
                    assertThat(result.getResponseHeaders().getFirst("WWW-Authenticate")).startsWith("Bearer");
                    assertThat(LedgerClient.json(result.getResponseBody()).get("field").asText())
                            .isEqualTo("Authorization");
                }
            }
            // a key, then a JWT, of each scope
            for (String scope : SCOPES) {
                for (Map.Entry<String, String> credential : Map.of("X-API-Key", keyOf.get(scope),
                        "Authorization", "Bearer " + tokenOf.get(scope)).entrySet()) {
                    EntityExchangeResult<String> result = send(endpoint, credential.getKey(), credential.getValue());
                    requests++;
                    int status = result.getStatus().value();
                    String as = endpoint + " with a " + credential.getKey() + " of " + scope;
                    boolean allowed = open || endpoint.scope().equals(ANY) || endpoint.scope().equals(scope);
                    if (allowed) {
                        assertThat(status).as(as).isNotIn(401, 403).isLessThan(500);
                    } else {
                        assertThat(status).as(as).isEqualTo(403);
                        JsonNode problem = LedgerClient.json(result.getResponseBody());
                        assertThat(problem.get("requiredScope").asText()).as(as).isEqualTo(endpoint.scope());
                        assertThat(problem.get("status").asInt()).isEqualTo(403);
                    }
                }
            }
        }
        // an API key also works as a bearer token
        assertThat(send(ENDPOINTS.get(6), "Authorization", "Bearer " + keyOf.get("metrics:read")).getStatus().value())
                .isEqualTo(200);
        assertThat(requests).isEqualTo(ENDPOINTS.size() * (badCredentials.size() + 2 * SCOPES.size()));
        assertThat(output.getAll()).as("security's debug log, checked for credentials after the test")
                .contains("DEBUG").contains("o.s.s.w.s.");
    }

    @Test
    @Order(2)
    void keysAreCreatedAndRevokedWithoutARestart() throws Exception {
        String admin = keyOf.get("process:admin");
        JsonNode issued = LedgerClient.json(web.post().uri("/api/v1/admin/api-keys").header("X-API-Key", admin)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\":\"finance bot\",\"scopes\":[\"forecast:read\"]}")
                .exchange().expectStatus().isCreated().expectBody(String.class).returnResult().getResponseBody());
        String key = issued.get("key").asText();
        secrets.add(key);
        assertThat(Files.readString(keysFile)).contains(issued.get("id").asText()).doesNotContain(key);
        assertThat(status(HttpMethod.GET, "/api/v1/forecast/submissions?period=2026-Q4", key)).isEqualTo(200);
        assertThat(status(HttpMethod.GET, "/api/v1/maturity", key)).isEqualTo(403);
        JsonNode listed = LedgerClient.json(web.get().uri("/api/v1/admin/api-keys").header("X-API-Key", admin)
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
        assertThat(listed.toString()).contains("finance bot").doesNotContain(key.substring(12));

        web.delete().uri("/api/v1/admin/api-keys/" + issued.get("id").asText()).header("X-API-Key", admin)
                .exchange().expectStatus().isNoContent();
        assertThat(status(HttpMethod.GET, "/api/v1/forecast/submissions?period=2026-Q4", key)).isEqualTo(401);
        // configured keys are not the API's to revoke
        web.delete().uri("/api/v1/admin/api-keys/scope0").header("X-API-Key", admin).exchange()
                .expectStatus().isEqualTo(409);

        // an operator's edit of the keys file (a Secret's new version) is picked up while running
        String operatorKey = "pl_operator1_" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("operator " + System.nanoTime()).getBytes());
        secrets.add(operatorKey);
        Files.writeString(keysFile, Files.readString(keysFile) + TestKeys.line(operatorKey, "metrics:read") + "\n");
        awaitStatus("/api/v1/maturity", operatorKey, 200);
        Files.writeString(keysFile, "# emptied by the operator\n");
        awaitStatus("/api/v1/maturity", operatorKey, 401);
        assertThat(status(HttpMethod.GET, "/api/v1/maturity", keyOf.get("metrics:read"))).isEqualTo(200);
    }

    /** After each test: security's debug logging was on for every request, yet no credential was printed. */
    @AfterEach
    void noCredentialReachesTheOutput(CapturedOutput output) {
        for (String secret : secrets) {
            assertThat(output.getAll()).as("a credential in the output").doesNotContain(secret);
        }
        assertThat(output.getAll()).doesNotContain("Using generated security password");
    }

    @Test
    @Order(4)
    void aFirstStartWritesAnAdminKeyToAnOwnerOnlyFileAndKeepsOnlyItsHash(CapturedOutput output) throws Exception {
        Path data = Files.createTempDirectory("ledger-first-start");
        Path keyFile = data.resolve("first-admin-key");
        String key;
        try (ConfigurableApplicationContext first = firstStart(data)) {
            key = Files.readString(keyFile).strip();
            assertThat(key).matches("pl_[a-z0-9]+_[A-Za-z0-9_-]{43}");
            assertThat(Files.getPosixFilePermissions(keyFile)).as("owner-only")
                    .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.readString(data.resolve("api-keys"))).doesNotContain(key)
                    .contains(io.pipelineledger.events.security.ApiKeys.hash(key));
            WebTestClient client = WebTestClient.bindToServer().baseUrl("http://localhost:"
                    + ((WebServerApplicationContext) first).getWebServer().getPort()).build();
            client.get().uri("/api/v1/admin/api-keys").header("X-API-Key", key).exchange().expectStatus().isOk();
            client.get().uri("/api/v1/maturity").exchange().expectStatus().isUnauthorized();
        }
        try (ConfigurableApplicationContext second = firstStart(data)) {
            assertThat(Files.readString(keyFile).strip()).as("no second key on a restart").isEqualTo(key);
        }
        // stdout is no terminal here (as in a container): the key is never printed, the log says where it is
        assertThat(output.getAll()).doesNotContain(key).contains(keyFile.toString());
    }

    /** A keys file the service cannot write (a read-only Secret mount) is the operator's: the keys API says so. */
    @Test
    @Order(5)
    void theKeysApiAnswers409WhenTheKeysFileCannotBeWritten() throws Exception {
        Path data = Files.createTempDirectory("ledger-read-only-keys");
        // a path under a regular file cannot be created, even by root (who may write any read-only file)
        Path notADirectory = Files.writeString(data.resolve("mounted"), "");
        String admin = keyOf.get("process:admin");
        try (ConfigurableApplicationContext readOnly = new SpringApplicationBuilder(PipelineLedgerApplication.class)
                .run("--server.port=0", "--ledger.data-dir=" + data, "--test.ledger.admin-key=false",
                        "--ledger.security.keys-file=" + notADirectory.resolve("api-keys"),
                        "--ledger.security.keys[0]=" + TestKeys.line(admin, "process:admin"))) {
            WebTestClient client = WebTestClient.bindToServer().baseUrl("http://localhost:"
                    + ((WebServerApplicationContext) readOnly).getWebServer().getPort()).build();
            JsonNode problem = LedgerClient.json(client.post().uri("/api/v1/admin/api-keys").header("X-API-Key", admin)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\":\"bot\",\"scopes\":[\"metrics:read\"]}")
                    .exchange().expectStatus().isEqualTo(409).expectBody(String.class).returnResult()
                    .getResponseBody());
            assertThat(problem.get("field").asText()).isEqualTo("keysFile");
            assertThat(problem.get("detail").asText()).contains("read-only");
            client.delete().uri("/api/v1/admin/api-keys/nosuchkey").header("X-API-Key", admin).exchange()
                    .expectStatus().isNotFound();
        }
    }

    /**
     * Who did it is who was authenticated: a process version and a submission record the caller's key (id and name)
     * or token subject as their actor; what the client says (X-Ledger-Actor, submittedBy) is kept apart and checked.
     * A client calling itself "ledger-default" no longer makes its version look built-in.
     */
    // before the tests that start other ledgers: closing one disposes Reactor Netty's shared resources
    @Test
    @Order(3)
    void whoDidItIsWhoWasAuthenticated() throws Exception {
        String admin = keyOf.get("process:admin");
        JsonNode first = json(web.get().uri("/api/v1/process?version=1").header("X-API-Key", admin));
        assertThat(first.get("actor")).isEqualTo(LedgerClient.json("{\"type\":\"ledger\",\"id\":\"default\"}"));
        assertThat(first.get("definedBy").asText()).isEqualTo("ledger:default");

        ObjectNode strict = processBody(first, "REJECT");
        JsonNode claimed = json(putProcess(strict, "X-API-Key", admin, "ledger-default"));
        assertThat(claimed.get("actor")).isEqualTo(LedgerClient.json(
                "{\"type\":\"apiKey\",\"id\":\"scope4\",\"name\":\"test key\"}"));
        assertThat(claimed.get("definedBy").asText()).isEqualTo("apiKey:scope4");
        assertThat(claimed.get("onBehalfOf").asText()).isEqualTo("ledger-default");

        // a token's subject; a name in UTF-8 (the header's bytes)
        String utf8 = new String("José Müller".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        JsonNode byToken = json(putProcess(processBody(first, "RECORD"), "Authorization",
                "Bearer " + tokenOf.get("process:admin"), utf8));
        assertThat(byToken.get("actor")).isEqualTo(LedgerClient.json(
                "{\"type\":\"jwt\",\"id\":\"client-process:admin\"}"));
        assertThat(byToken.get("onBehalfOf").asText()).isEqualTo("José Müller");

        JsonNode versions = json(web.get().uri("/api/v1/process/versions").header("X-API-Key", admin));
        assertThat(versions).hasSize(3);
        assertThat(versions.findValues("actor")).filteredOn(a -> a.path("type").asText().equals("ledger"))
                .as("only the default process is the ledger's").hasSize(1);

        // a name that is not one line of text is refused, naming the header, and records nothing
        for (String bad : List.of("eve\tadmin", "x".repeat(201), "Jos\u00e9", "a\u00c2\u009bb")) {
            JsonNode problem = LedgerClient.json(putProcess(processBody(first, "REJECT"), "X-API-Key", admin, bad)
                    .expectStatus().isBadRequest().expectBody(String.class).returnResult().getResponseBody());
            assertThat(problem.get("field").asText()).isEqualTo("X-Ledger-Actor");
        }
        assertThat(json(web.get().uri("/api/v1/process/versions").header("X-API-Key", admin))).hasSize(3);

        // a submission: submittedBy is what the client said, actor who it was
        String submitter = keyOf.get("forecast:submit");
        String body = "{\"submissionId\":\"actor-1\",\"period\":\"2026-Q4\",\"groupBy\":\"all\","
                + "\"submittedBy\":\"ledger-default\"}";
        web.post().uri("/api/v1/events").header("X-API-Key", keyOf.get("events:write"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("[{\"eventId\":\"actor-opp-1\","
                        + "\"type\":\"OpportunityOpened\",\"opportunityId\":\"OPP-ACTOR\","
                        + "\"occurredAt\":\"2026-11-01T10:00:00Z\",\"repId\":\"rep-1\",\"stage\":\"qualification\","
                        + "\"amount\":1000,\"expectedCloseDate\":\"2026-12-20\"}]")
                .exchange().expectStatus().isOk();
        EntityExchangeResult<String> answer;
        Instant deadline = Instant.now().plusSeconds(30);
        do { // until the forecast's read model has the deal, there is no group "all" to submit
            Thread.sleep(100);
            answer = web.post().uri("/api/v1/forecast/submissions").header("X-API-Key", submitter)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectBody(String.class)
                    .returnResult();
            assertThat(Instant.now()).as("the forecast to have a group").isBefore(deadline);
        } while (answer.getStatus().value() == 400);
        assertThat(answer.getStatus().value()).isEqualTo(201);
        JsonNode submitted = LedgerClient.json(answer.getResponseBody()).get("submission");
        assertThat(submitted.get("actor")).isEqualTo(LedgerClient.json(
                "{\"type\":\"apiKey\",\"id\":\"scope2\",\"name\":\"test key\"}"));
        assertThat(submitted.get("submittedBy").asText()).isEqualTo("ledger-default");
        JsonNode refused = LedgerClient.json(web.post().uri("/api/v1/forecast/submissions")
                .header("X-API-Key", submitter).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body.replace("actor-1", "actor-2").replace("ledger-default", "eve\\u001b[31m"))
                .exchange().expectStatus().isBadRequest().expectBody(String.class).returnResult().getResponseBody());
        assertThat(refused.get("field").asText()).isEqualTo("submittedBy");
    }

    private static ObjectNode processBody(JsonNode version, String enforcement) {
        ObjectNode body = version.deepCopy();
        body.remove(List.of("version", "definedAt", "recordedAt", "definedBy", "actor", "onBehalfOf"));
        body.put("enforcement", enforcement);
        return body;
    }

    private WebTestClient.ResponseSpec putProcess(ObjectNode body, String header, String credential,
                                                  String onBehalfOf) {
        return web.put().uri("/api/v1/process").header(header, credential).header("X-Ledger-Actor", onBehalfOf)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body.toString()).exchange();
    }

    private static JsonNode json(WebTestClient.RequestHeadersSpec<?> request) {
        return json(request.exchange());
    }

    private static JsonNode json(WebTestClient.ResponseSpec response) {
        return LedgerClient.json(response.expectStatus().is2xxSuccessful().expectBody(String.class).returnResult()
                .getResponseBody());
    }

    private static ConfigurableApplicationContext firstStart(Path data) {
        return new SpringApplicationBuilder(PipelineLedgerApplication.class).run("--server.port=0",
                "--ledger.data-dir=" + data, "--test.ledger.admin-key=false");
    }

    private EntityExchangeResult<String> send(Endpoint endpoint, String header, String value) {
        WebTestClient.RequestBodySpec request = web.method(endpoint.method()).uri(endpoint.uri());
        if (!header.equals("none")) {
            request.header(header, value);
        }
        if (endpoint.body() != null) {
            request.contentType(endpoint.uri().contains("import") ? MediaType.parseMediaType("text/csv")
                    : MediaType.APPLICATION_JSON).bodyValue(endpoint.body());
        }
        return request.exchange().expectBody(String.class).returnResult();
    }

    private int status(HttpMethod method, String uri, String key) {
        return send(new Endpoint(method, uri, null, ANY), "X-API-Key", key).getStatus().value();
    }

    private void awaitStatus(String uri, String key, int expected) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (status(HttpMethod.GET, uri, key) != expected) {
            assertThat(Instant.now()).as(uri + " to answer " + expected).isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private static String jwt(String scope, Instant expires, PrivateKey key) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), new JWTClaimsSet.Builder()
                .subject("client-" + scope).claim("scope", scope).issueTime(Date.from(Instant.now().minusSeconds(900)))
                .expirationTime(Date.from(expires)).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
