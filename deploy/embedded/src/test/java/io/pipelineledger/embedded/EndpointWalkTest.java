package io.pipelineledger.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipelineledger.command.support.TestKeys;
import io.pipelineledger.embedded.support.LedgerClient;
import io.pipelineledger.events.generator.CrmHistoryGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint the one-process app documents (read from its OpenAPI document at runtime, so a new endpoint is walked
 * without editing this test), sent extreme and malformed dates, periods, numbers and strings in each parameter, odd
 * Accept and Content-Type headers and malformed bodies, with a key of every scope. Whatever is sent: never a 5xx,
 * every 4xx is problem+json naming the field at fault, no answer names the code's classes, and the log holds no
 * stack trace.
 */
@SpringBootTest(classes = PipelineLedgerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "ledger.forecast.simulations=200")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class EndpointWalkTest {

    static final List<String> DATES = List.of("+292278994-08-17T07:12:55.807Z", "-292275055-05-16T16:47:04.192Z",
            "-999999999-01-01", "+300000000-01-01", "+999999999-12-31T23:59:59Z", "0000-01-01", "1969-12-31",
            "9999-12-31T23:59:59.999999999Z", "2026-02-30", "2026-03-01T10:00:00+18:00", "garbage", "1e400");
    static final List<String> PERIODS = List.of("2026-Q9", "9999999999-Q1", "0999-Q1", "0000-Q1", "9999-Q4",
            "9999-W52", "2026-W53", "2020-W53", "junk", "2026-Q1 ");
    static final List<String> NUMBERS = List.of("-1", "0", "2147483648", "99999999999999999999999",
            "1E+2147483647", "NaN", "1.5", "");
    static final List<String> STRINGS = List.of("x".repeat(2_000), "\u0000", "\u001b[31mred", "\ud800",
            "../../etc/passwd", "%", "all,rep");
    static final List<String> ACCEPTS = List.of("text/csv", "application/xml", "image/png", "text/html",
            "text/event-stream", "application/problem+json", "application/*", "*/*", "application/json, */*;q=0.1");
    static final List<String> MALFORMED_ACCEPTS = List.of("application/json;q=abc", "application/json;q=2",
            "*/*;q=-1", ";;;", "application", "/json", "text/csv;q=");
    static final List<String> CONTENT_TYPES = List.of("text/plain", "application/xml", "image/png", "junk", "/",
            "application/json;charset=no-such-charset", "multipart/form-data", "application/x-www-form-urlencoded");
    static final List<String> BODIES = List.of("", "{", "[", "\"text\"", "null", "1E+2147483647", "{\"a\":", "[]",
            "{}", "{\"override\":1E+2147483647}", "{\"override\":\"abc\"}", "{\"period\":{}}",
            "{\"period\":[1,2]}", "{\"stages\":\"x\"}", "{\"scopes\":7}", "\u0000", "{\"submittedBy\":\"\\u0000\"}");
    static final List<String> FORBIDDEN = List.of("io.pipelineledger", "$", "java.", "javax.", "Exception",
            "org.springframework", "com.fasterxml");

    /** Generous: a valid backtest learns a forecast per period, and this machine is shared. */
    static final Duration TIMEOUT = Duration.ofSeconds(90);

    @Autowired
    WebTestClient web;
    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> failures = new ArrayList<>();
    private int requests;

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) throws IOException {
        String data = Files.createTempDirectory("ledger-walk").toString();
        registry.add("ledger.data-dir", () -> data);
    }

    @BeforeAll
    void someHistory() {
        LedgerClient ledger = new LedgerClient(web);
        Instant end = Instant.now().truncatedTo(ChronoUnit.DAYS);
        ledger.post(new CrmHistoryGenerator().generate(new CrmHistoryGenerator.Settings(7, 3, 2,
                end.minus(200, ChronoUnit.DAYS), end, 2.0, 0.05, 0.05)).events(), 5_000);
        ledger.awaitProjections();
        // the forecast answers 503 until its read model has caught up after the start: walk once it answers
        Instant deadline = Instant.now().plusSeconds(60);
        while (web.get().uri("/api/v1/forecast?period=2026-Q1").exchange().returnResult(String.class).getStatus()
                .value() == 503 && Instant.now().isBefore(deadline)) {
            Thread.onSpinWait();
        }
    }

    /** Text stored forever in a submission and an override that overflowed the old digit check: refused, not stored. */
    @Test
    void submissionsRefuseControlCharactersAndUnboundedOverrides() throws Exception {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("\"submittedBy\":\"vp\\u0000\",\"reason\":\"r\"", "submittedBy");
        bad.put("\"submittedBy\":\"\\u001b[2J\\u001b[31mvp\",\"reason\":\"r\"", "submittedBy");
        bad.put("\"submittedBy\":\"vp\\ud800\",\"reason\":\"r\"", "submittedBy");
        bad.put("\"submittedBy\":\"vp\\u202Egnp.exe\",\"reason\":\"r\"", "submittedBy");
        bad.put("\"submittedBy\":\"vp\",\"reason\":\"slip\\u0007\"", "reason");
        bad.put("\"submittedBy\":\"vp\",\"reason\":\"slip \\udc00\"", "reason");
        bad.put("\"submittedBy\":\"vp\",\"reason\":\"r\",\"override\":1E+2147483647", "override");
        bad.put("\"submittedBy\":\"vp\",\"reason\":\"r\",\"override\":1E+15", "override");
        bad.put("\"submittedBy\":\"vp\",\"reason\":\"r\",\"override\":1E-2147483647", "override");
        bad.put("\"submittedBy\":\"vp\",\"reason\":\"r\",\"override\":" + "9".repeat(41), "override");
        bad.put("\"submittedBy\":\"vp\",\"reason\":\"r\",\"override\":\"100\"", "override");
        int i = 0;
        for (Map.Entry<String, String> c : bad.entrySet()) {
            String body = "{\"submissionId\":\"hostile-" + i++ + "\",\"period\":\"2026-Q1\"," + c.getKey() + "}";
            Answer answer = send("POST", "/api/v1/forecast/submissions", headers(null, "application/json"), body,
                    null);
            assertThat(answer.status).as(body).isEqualTo(400);
            assertThat(answer.contentType).as(body).startsWith("application/problem+json");
            assertThat(LedgerClient.json(answer.body).get("field").asText()).as(body).isEqualTo(c.getValue());
            assertThat(answer.body).as(body).doesNotContain("$", "java.", "io.pipelineledger", "Exception");
        }
        // a reason may span lines; an override at the bound's edge is an amount
        Answer fine = send("POST", "/api/v1/forecast/submissions", headers(null, "application/json"),
                "{\"submissionId\":\"fine-1\",\"period\":\"2026-Q1\",\"submittedBy\":\"vp\","
                        + "\"reason\":\"two renewals\\nslip\",\"override\":999999999999999.9999}", null);
        assertThat(fine.status).as(fine.body).isEqualTo(201);
        Answer typed = send("POST", "/api/v1/forecast/submissions", headers(null, "text/plain"),
                "{\"submissionId\":\"plain-1\",\"period\":\"2026-Q1\",\"submittedBy\":\"vp\"}", null);
        assertThat(typed.status).isEqualTo(415);
        assertThat(LedgerClient.json(typed.body).get("field").asText()).isEqualTo("Content-Type");
        // the submissions' read model follows the events: wait for the accepted one, then none of the refused
        String stored = "";
        for (Instant deadline = Instant.now().plusSeconds(30); !stored.contains("fine-1")
                && Instant.now().isBefore(deadline); Thread.sleep(100)) {
            stored = send("GET", "/api/v1/forecast/submissions", Map.of(), null, null).body;
        }
        assertThat(stored).contains("fine-1").doesNotContain("hostile-", "plain-1");
    }

    @Test
    void everyDocumentedEndpointSurvivesHostileInput(CapturedOutput output) throws Exception {
        JsonNode api = LedgerClient.json(send("GET", "/v3/api-docs", Map.of(), null, null).body);
        List<Operation> operations = operations(api);
        assertThat(operations).as("endpoints in the OpenAPI document").hasSizeGreaterThan(15);
        // served but not in the API's description: probes, metrics, the description itself, the dashboard
        for (String path : List.of("/actuator/health", "/actuator/health/readiness", "/actuator/prometheus",
                "/actuator/metrics", "/v3/api-docs", "/", "/dashboard.js", "/api/v1/no-such-endpoint")) {
            operations.add(new Operation("GET", path, List.of(), false, null));
        }
        int logStart = output.getAll().length();
        for (Operation op : operations) {
            walk(op);
        }
        explicitCases();
        assertThat(failures).as(requests + " requests").isEmpty();
        String log = output.getAll().substring(logStart);
        assertThat(log).as("the log during the walk").doesNotContain("\tat ", "Exception:", "ERROR");
    }

    /** Combinations no single-parameter change reaches. */
    private void explicitCases() throws Exception {
        check("GET", "/api/v1/forecast/backtest?from=0999-Q1&to=0999-Q4", null, null, null, "from");
        check("GET", "/api/v1/forecast/backtest?from=0000-W01&to=0000-W05", null, null, null, "from");
        check("GET", "/api/v1/forecast/backtest?from=1969-Q1&to=1969-Q4", null, null, null, "from");
        check("GET", "/api/v1/conversion?from=-292275055-05-16T16:47:04.192Z&to=%2B292278994-08-17T07:12:55.807Z",
                null, null, null, "from");
        check("GET", "/api/v1/conversion?interval=week&from=0000-01-01&to=9999-12-31", null, null, null, "from");
        check("POST", "/api/v1/forecast/submissions", null, "application/json",
                "{\"period\":\"2026-Q1\",\"submittedBy\":\"x\",\"reason\":\"r\",\"override\":1E+2147483647}",
                "override");
        check("POST", "/api/v1/forecast/submissions", null, "text/plain", "{\"period\":\"2026-Q1\"}", "Content-Type");
    }

    private void walk(Operation op) throws Exception {
        Map<String, String> baseline = new LinkedHashMap<>();
        op.parameters.forEach(p -> baseline.put(p.name, p.example));
        for (Param p : op.parameters) {
            List<String> values = new ArrayList<>();
            values.addAll(DATES);
            values.addAll(PERIODS);
            values.addAll(NUMBERS);
            values.addAll(STRINGS);
            for (String value : values) {
                if (p.in.equals("path") && value.isEmpty()) {
                    continue;
                }
                Map<String, String> params = new LinkedHashMap<>(baseline);
                params.put(p.name, value);
                String body = op.hasBody ? op.exampleBody : null;
                // the field at fault: this parameter, or another it conflicts with (from after to)
                checkNaming(op.method, uri(op, params), null, op.hasBody ? "application/json" : null, body,
                        p.in.equals("query") ? op.queryNames() : null);
            }
        }
        for (String accept : ACCEPTS) {
            check(op.method, uri(op, baseline), accept, op.hasBody ? "application/json" : null,
                    op.hasBody ? op.exampleBody : null, null);
        }
        for (String accept : MALFORMED_ACCEPTS) {
            Answer answer = check(op.method, uri(op, baseline), accept, op.hasBody ? "application/json" : null,
                    op.hasBody ? op.exampleBody : null, "Accept");
            if (answer.status != 400) {
                failures.add("a malformed Accept should be 400: " + op.method + " " + op.path + " Accept: " + accept
                        + " -> " + answer.status);
            }
        }
        if (op.hasBody) {
            for (String type : CONTENT_TYPES) {
                check(op.method, uri(op, baseline), null, type, op.exampleBody, null);
            }
            for (String body : BODIES) {
                check(op.method, uri(op, baseline), null, "application/json", body, null);
            }
        }
    }

    /** Sends one request and records what is wrong with its answer; {@code field} the part varied, if one. */
    private Answer check(String method, String uri, String accept, String contentType, String body, String field)
            throws Exception {
        return checkNaming(method, uri, accept, contentType, body, field == null ? null : List.of(field));
    }

    /** Sends one request and records what is wrong with its answer; a 400 must name one of {@code fields}. */
    private Answer checkNaming(String method, String uri, String accept, String contentType, String body,
                               List<String> fields) throws Exception {
        Answer answer;
        try {
            answer = send(method, uri, headers(accept, contentType), body, null);
        } catch (java.net.http.HttpTimeoutException e) {
            failures.add("no answer within " + TIMEOUT + ": " + method + " " + uri + " Accept: " + accept
                    + " Content-Type: " + contentType);
            return new Answer(0, "", "");
        }
        requests++;
        String what = method + " " + uri + (accept == null ? "" : " Accept: " + accept)
                + (contentType == null ? "" : " Content-Type: " + contentType)
                + (body == null ? "" : " body " + abbreviate(body)) + " -> " + answer.status + " "
                + abbreviate(answer.body);
        if (answer.status >= 500) {
            failures.add("5xx: " + what);
            return answer;
        }
        for (String leak : FORBIDDEN) {
            if (answer.status >= 400 && answer.body.contains(leak)) {
                failures.add("names '" + leak + "': " + what);
            }
        }
        if (answer.status < 400) {
            return answer;
        }
        if (!answer.contentType.startsWith("application/problem+json")) {
            failures.add("not problem+json (" + answer.contentType + "): " + what);
            return answer;
        }
        JsonNode problem;
        try {
            problem = LedgerClient.json(answer.body);
        } catch (AssertionError e) {
            failures.add("unreadable problem: " + what);
            return answer;
        }
        if (problem.path("status").asInt() != answer.status) {
            failures.add("status in the body differs: " + what);
        }
        if (answer.status == 406 || answer.status == 415) {
            String expected = answer.status == 406 ? "Accept" : "Content-Type";
            if (!expected.equals(problem.path("field").asText())) {
                failures.add("field should be " + expected + ": " + what);
            }
        } else if (answer.status == 400 && fields != null && !fields.contains(problem.path("field").asText())) {
            failures.add("field should be one of " + fields + ": " + what);
        } else if (answer.status == 400 && problem.path("field").asText().isEmpty()) {
            failures.add("no field named: " + what);
        }
        return answer;
    }

    private static Map<String, String> headers(String accept, String contentType) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (accept != null) {
            headers.put("Accept", accept);
        }
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        return headers;
    }

    record Answer(int status, String contentType, String body) {
    }

    /** An event stream is answered with its headers; its body is not waited for. */
    private Answer send(String method, String uri, Map<String, String> headers, String body, String field)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + uri))
                .timeout(TIMEOUT).header(TestKeys.HEADER, TestKeys.ADMIN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        String type = response.headers().firstValue("Content-Type").orElse("");
        try (InputStream in = response.body()) {
            String text = type.startsWith("text/event-stream") ? "" : new String(in.readAllBytes(),
                    StandardCharsets.UTF_8);
            return new Answer(response.statusCode(), type, text);
        }
    }

    record Param(String name, String in, String example) {
    }

    record Operation(String method, String path, List<Param> parameters, boolean hasBody, String exampleBody) {

        List<String> queryNames() {
            return parameters.stream().filter(p -> p.in.equals("query")).map(Param::name).toList();
        }
    }

    private static List<Operation> operations(JsonNode api) {
        List<Operation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = api.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                List<Param> params = new ArrayList<>();
                for (JsonNode p : op.getValue().path("parameters")) {
                    String in = p.path("in").asText();
                    if (in.equals("query") || in.equals("path")) {
                        String example = p.hasNonNull("example") ? p.get("example").asText()
                                : in.equals("path") ? "some-id" : null;
                        params.add(new Param(p.get("name").asText(), in, example));
                    }
                }
                JsonNode content = op.getValue().path("requestBody").path("content");
                String example = "{}";
                for (JsonNode media : content) {
                    for (JsonNode e : media.path("examples")) {
                        example = e.path("value").isTextual() ? e.path("value").asText() : e.path("value").toString();
                    }
                }
                operations.add(new Operation(op.getKey().toUpperCase(), path.getKey(), params,
                        !content.isMissingNode() && content.has("application/json"), example));
            }
        }
        return operations;
    }

    private static String uri(Operation op, Map<String, String> params) {
        String path = op.path;
        StringBuilder query = new StringBuilder();
        for (Param p : op.parameters) {
            String value = params.get(p.name);
            if (value == null) {
                continue;
            }
            String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
            if (p.in.equals("path")) {
                path = path.replace("{" + p.name + "}", encoded);
            } else {
                query.append(query.isEmpty() ? "?" : "&").append(p.name).append('=').append(encoded);
            }
        }
        return path + query;
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}
