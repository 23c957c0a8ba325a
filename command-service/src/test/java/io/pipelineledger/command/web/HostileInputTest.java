package io.pipelineledger.command.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.Tuple;
import io.pipelineledger.command.CommandServiceApplication;
import io.pipelineledger.command.support.TestKeys;
import net.jqwik.api.Example;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input, generated (jqwik's generators, a fixed seed): 10,000+ requests mixing valid CRM events with
 * malformed and adversarial ones (wrong types, unicode and over-long ids, negative, NaN and huge amounts, dates out
 * of range, unknown types and stages, deep JSON, broken JSON and UTF-8, wrong content types, bodies above the size
 * limit, batches above the event limit, hostile path ids, hostile process definitions). Every answer is a 4xx
 * problem+json or a 200 that accepts exactly the valid events and refuses each invalid one with a 4xx; never a 5xx.
 * Afterwards the store holds exactly the valid events, each once, and the sales process is unchanged.
 */
class HostileInputTest {

    static final long SEED = Long.getLong("hostile.seed", 20261122L);
    static final int REQUESTS = Integer.getInteger("hostile.requests", 10_000);
    static final int MAX_EVENTS = 20_000;
    static final int MAX_BODY = 8 << 20;


    /**
     * What was sent and what it must do: valid events are accepted and invalid ones refused one by one, or the whole
     * body refused (a 4xx, allowed only when no valid event was in it unless {@code wholeBodyRefused} demands it).
     */
    record Attempt(String kind, String method, String uri, String contentType, byte[] body, List<String> validIds,
                   List<String> invalidIds, boolean wholeBodyRefused) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final AtomicLong ids = new AtomicLong();

    private final List<String> previous = new ArrayList<>();
    private JdbcTemplate jdbc;
    private int port;

    /** An example run by jqwik (its generators need a jqwik thread), around a command service on H2 files. */
    @Example
    void everyRequestIsAProblemOrCorrectlyAcceptedAndOnlyValidEventsAreStored() throws Exception {
        Path data = Files.createTempDirectory("ledger-hostile");
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(CommandServiceApplication.class).run(
                "--server.port=0", "--ledger.data-dir=" + data, "--ledger.ingest.max-events-per-request=" + MAX_EVENTS,
                "--spring.codec.max-in-memory-size=" + (MAX_BODY >> 20) + "MB")) {
            jdbc = app.getBean(JdbcTemplate.class);
            port = ((WebServerApplicationContext) app).getWebServer().getPort();
            WebTestClient client = WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                    .responseTimeout(Duration.ofMinutes(1)).defaultHeader(TestKeys.HEADER, TestKeys.ADMIN).build();
            run(client);
        }
    }

    private void run(WebTestClient client) {
        long processEventsBefore = processEvents();
        Random random = new Random(SEED);
        RandomGenerator<Attempt> attempts = attempts().generator(100);
        Set<String> expectedStored = new HashSet<>();
        Set<String> refused = new HashSet<>();
        Map<String, Integer> kinds = new LinkedHashMap<>();
        Map<Integer, Integer> statuses = new HashMap<>();
        for (int i = 0; i < REQUESTS; i++) {
            Attempt attempt = attempts.next(random).value();
            kinds.merge(attempt.kind(), 1, Integer::sum);
            EntityExchangeResult<byte[]> result = send(client, attempt);
            int status = result.getStatus().value();
            statuses.merge(status, 1, Integer::sum);
            String as = "request " + i + " (" + attempt.kind() + ", seed " + SEED + "): " + status + " "
                    + new String(result.getResponseBodyContent() == null ? new byte[0] : result.getResponseBodyContent(),
                    StandardCharsets.UTF_8);
            assertThat(status).as(as).isBetween(200, 499);
            if (status >= 400) {
                assertThat(result.getResponseHeaders().getContentType()).as(as)
                        .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
                JsonNode problem = read(result.getResponseBodyContent());
                assertThat(problem.path("status").asInt()).as(as).isEqualTo(status);
                assertThat(problem.path("detail").asText()).as(as).isNotBlank();
                assertThat(attempt.validIds().isEmpty() || attempt.wholeBodyRefused()).as(as + ": valid events refused")
                        .isTrue();
                refused.addAll(attempt.validIds());
                refused.addAll(attempt.invalidIds());
                continue;
            }
            assertThat(attempt.wholeBodyRefused()).as(as + ": should have been refused whole").isFalse();
            JsonNode answer = read(result.getResponseBodyContent());
            if (attempt.uri().startsWith("/api/v1/opportunities/")) { // one event: 201 and its status
                assertThat(status).as(as).isEqualTo(201);
                assertThat(answer.path("status").asText()).as(as).isEqualTo("RECORDED");
                assertThat(answer.path("eventId").asText()).as(as).isEqualTo(attempt.validIds().get(0));
                expectedStored.addAll(attempt.validIds());
                continue;
            }
            String sent = new String(attempt.body(), StandardCharsets.UTF_8);
            String detail = as + "\nsent: " + sent.substring(0, Math.min(sent.length(), 4000)) + "\nvalid: "
                    + attempt.validIds();
            assertThat(answer.path("accepted").asInt()).as(detail).isEqualTo(attempt.validIds().size());
            Set<String> rejectedIds = new HashSet<>();
            for (JsonNode rejection : answer.path("rejected")) {
                assertThat(rejection.path("status").asInt()).as(as).isBetween(400, 499);
                assertThat(rejection.path("error").asText()).as(as).isNotBlank();
                rejectedIds.add(rejection.path("eventId").asText(null));
            }
            assertThat(answer.path("rejected").size()).as(detail).isEqualTo(attempt.invalidIds().size());
            expectedStored.addAll(attempt.validIds());
            refused.addAll(attempt.invalidIds());
        }
        System.out.printf("hostile input: %d requests, kinds %s, statuses %s%n", REQUESTS, kinds, statuses);

        List<String> stored = jdbc.queryForList("SELECT eventIdentifier FROM DomainEventEntry WHERE eventIdentifier "
                + "LIKE 'crm:hostile-%'", String.class).stream().map(id -> id.substring(4)).toList();
        Set<String> storedOnce = new HashSet<>(stored);
        assertThat(storedOnce.size()).as("each stored once").isEqualTo(stored.size());
        Set<String> missing = new HashSet<>(expectedStored);
        missing.removeAll(storedOnce);
        Set<String> unexpected = new HashSet<>(storedOnce);
        unexpected.removeAll(expectedStored);
        assertThat(missing).as("valid events accepted but not stored").isEmpty();
        assertThat(unexpected).as("stored but not valid and accepted").isEmpty();
        Set<String> both = new HashSet<>(refused);
        both.retainAll(storedOnce);
        assertThat(both).as("refused yet stored").isEmpty();
        assertThat(processEvents()).as("the sales process untouched").isEqualTo(processEventsBefore);
        assertThat(statuses.keySet()).as("every kind of answer was seen").contains(200, 400, 413, 415);
        assertThat(REQUESTS).isGreaterThanOrEqualTo(Integer.getInteger("hostile.requests", 10_000));
    }

    private EntityExchangeResult<byte[]> send(WebTestClient client, Attempt attempt) {
        // the URI as sent: hostile paths keep their own percent-encoding
        WebTestClient.RequestBodySpec request = client.method(HttpMethod.valueOf(attempt.method()))
                .uri(URI.create("http://localhost:" + port + attempt.uri()));
        if (attempt.contentType() != null) {
            request.header("Content-Type", attempt.contentType());
        }
        try {
            EntityExchangeResult<byte[]> result = request.bodyValue(attempt.body()).exchange().expectBody()
                    .returnResult();
            previous.add(attempt.kind() + " " + result.getStatus().value());
            if (previous.size() > 8) {
                previous.remove(0);
            }
            return result;
        } catch (IllegalStateException timeout) {
            StringBuilder threads = new StringBuilder();
            Thread.getAllStackTraces().forEach((thread, stack) -> {
                threads.append(thread.getName()).append(" ").append(thread.getState()).append('\n');
                for (StackTraceElement frame : stack) {
                    threads.append("    at ").append(frame).append('\n');
                }
            });
            String sent = new String(attempt.body(), StandardCharsets.UTF_8);
            throw new AssertionError("after " + previous + ": no answer to " + attempt.kind() + " " + attempt.method() + " " + attempt.uri()
                    + " (" + attempt.contentType() + ", " + attempt.body().length + " bytes): "
                    + sent.substring(0, Math.min(300, sent.length())) + "\n" + threads, timeout);
        }
    }

    // ---------------------------------------------------------------- generators

    private Arbitrary<Attempt> attempts() {
        return Arbitraries.frequencyOf(
                Tuple.of(120, batches()),
                Tuple.of(20, brokenBodies()),
                Tuple.of(12, deepJson()),
                Tuple.of(10, wrongContentTypes()),
                Tuple.of(12, opportunityPath()),
                Tuple.of(12, processDefinitions()),
                Tuple.of(1, Arbitraries.just(0).map(x -> oversizedBody())),
                Tuple.of(1, Arbitraries.integers().between(1, 3).map(this::tooManyEvents))
        );
    }

    /** A batch of events, each valid or broken in one way, as a JSON array, NDJSON or (one event) an object. */
    private Arbitrary<Attempt> batches() {
        Arbitrary<Map.Entry<Boolean, Object>> event = Arbitraries.frequencyOf(
                Tuple.of(1, valid().map(e -> Map.entry(true, (Object) e))),
                Tuple.of(2, invalid().map(e -> Map.entry(false, e))));
        return event.list().ofMinSize(1).ofMaxSize(25).flatMap(events -> Arbitraries.of("array", "ndjson", "object")
                .map(chosen -> {
                    // a body that is one non-object value is a broken body, not an event (brokenBodies)
                    String form = chosen.equals("object") && !(events.get(0).getValue() instanceof Map) ? "array"
                            : chosen;
                    List<String> valid = new ArrayList<>();
                    List<String> invalid = new ArrayList<>();
                    List<Object> bodies = new ArrayList<>();
                    List<Map.Entry<Boolean, Object>> used = form.equals("object") ? events.subList(0, 1) : events;
                    for (Map.Entry<Boolean, Object> e : used) {
                        bodies.add(e.getValue());
                        String id = e.getValue() instanceof Map<?, ?> m && m.get("eventId") instanceof String s ? s : null;
                        (e.getKey() ? valid : invalid).add(id);
                    }
                    String body = switch (form) {
                        case "array" -> write(bodies);
                        case "ndjson" -> String.join("\n", bodies.stream().map(HostileInputTest::write).toList());
                        default -> write(bodies.get(0));
                    };
                    return new Attempt("events-" + form, "POST", "/api/v1/events",
                            form.equals("ndjson") ? "application/x-ndjson" : "application/json",
                            body.getBytes(StandardCharsets.UTF_8), valid, invalid, false);
                }));
    }

    /** A fresh deal, well formed: it must be accepted. Free text may be any unicode but control characters. */
    private Arbitrary<Map<String, Object>> valid() {
        Arbitrary<Object> amount = Arbitraries.oneOf(Arbitraries.longs().between(0, 999_999_999_999L).map(l -> l),
                Arbitraries.bigDecimals().between(java.math.BigDecimal.ZERO, new java.math.BigDecimal("1e12"))
                        .ofScale(2).map(Object.class::cast),
                Arbitraries.of("0", "12.5", "1000000").map(Object.class::cast));
        Arbitrary<Instant> when = Arbitraries.longs().between(Instant.parse("1990-01-01T00:00:00Z").getEpochSecond(),
                Instant.now().minusSeconds(86_400).getEpochSecond()).map(Instant::ofEpochSecond);
        Arbitrary<String> text = Arbitraries.strings().all().ofMinLength(1).ofMaxLength(40)
                .filter(s -> !s.isBlank() && s.chars().noneMatch(c -> Character.isSurrogate((char) c)
                        || Character.isISOControl(c) || c == 0xFFFE || c == 0xFFFF));
        return net.jqwik.api.Combinators.combine(amount, when, text, Arbitraries.of("USD", "EUR", "JPY", "GBP"))
                .as((a, at, source, currency) -> {
                    Map<String, Object> e = opened(at);
                    e.put("amount", a);
                    e.put("currency", currency);
                    e.put("source", source);
                    return e;
                });
    }

    /** A deal broken in exactly one way the contract refuses. */
    private Arbitrary<Object> invalid() {
        List<Map.Entry<String, Object>> breaks = List.of(
                Map.entry("amount", -1), Map.entry("amount", -0.01), Map.entry("amount", "NaN"),
                Map.entry("amount", "Infinity"), Map.entry("amount", "-Infinity"), Map.entry("amount", "1e400"),
                Map.entry("amount", 1e16), Map.entry("amount", "0.1234567"), Map.entry("amount", true),
                Map.entry("amount", "twelve"), Map.entry("amount", Map.of()), Map.entry("amount", List.of(1)),
                Map.entry("occurredAt", "yesterday"), Map.entry("occurredAt", "2026-13-45T00:00:00Z"),
                Map.entry("occurredAt", "1969-12-31T23:59:59Z"), Map.entry("occurredAt", "+99999-01-01T00:00:00Z"),
                Map.entry("occurredAt", "2300-01-01T00:00:00Z"), Map.entry("occurredAt", 1700000000),
                Map.entry("occurredAt", ""), Map.entry("eventId", ""), Map.entry("eventId", 42),
                Map.entry("eventId", "x".repeat(129)), Map.entry("opportunityId", "ÓPP-ünïcode"),
                Map.entry("opportunityId", "OPP 1"), Map.entry("opportunityId", "OPP\u0000"),
                Map.entry("opportunityId", "🦄"), Map.entry("opportunityId", "O".repeat(129)),
                Map.entry("opportunityId", 7), Map.entry("type", "OpportunityExploded"), Map.entry("type", ""),
                Map.entry("type", "opportunityopened"), Map.entry("type", 3), Map.entry("repId", "rép"),
                Map.entry("repId", List.of("rep")), Map.entry("stage", "nirvana"), Map.entry("stage", 2),
                Map.entry("currency", "EURO"), Map.entry("currency", "eu"), Map.entry("currency", 978),
                Map.entry("expectedCloseDate", "2201-01-01"), Map.entry("expectedCloseDate", "soon"),
                Map.entry("source", "s".repeat(1001)), Map.entry("source", "@@D800@@x"),
                Map.entry("source", "x@@DFFF@@"), Map.entry("teamId", "team/../x"),
                // strict input (issue 13): control characters, ANSI escapes, unknown fields, long amount strings
                Map.entry("source", "a\u0000b"), Map.entry("source", "\u001b[31mred"), Map.entry("source", "a\tb"),
                Map.entry("source", "\u009b2J"), Map.entry("teamID", "team-1"), Map.entry("padding", "x"),
                Map.entry("toStage", "qualification"), Map.entry("amount", "1".repeat(100_000)));
        List<String> required = List.of("eventId", "type", "opportunityId", "occurredAt", "repId", "stage", "amount");
        Arbitrary<Object> broken = Arbitraries.of(breaks).map(b -> {
            Map<String, Object> e = opened(Instant.parse("2025-06-01T10:00:00Z"));
            if (!b.getKey().equals("eventId")) {
                e.put(b.getKey(), b.getValue());
            } else {
                e.put("eventId", b.getValue());
            }
            return e;
        });
        Arbitrary<Object> missing = Arbitraries.of(required).map(field -> {
            Map<String, Object> e = opened(Instant.parse("2025-06-01T10:00:00Z"));
            e.remove(field);
            return e;
        });
        Arbitrary<Object> notAnObject = Arbitraries.of(1, "event", List.of(), true).map(Object.class::cast);
        Arbitrary<Object> nulls = Arbitraries.of(required).map(field -> {
            Map<String, Object> e = opened(Instant.parse("2025-06-01T10:00:00Z"));
            e.put(field, null);
            return e;
        });
        return Arbitraries.frequencyOf(Tuple.of(8, broken), Tuple.of(3, missing), Tuple.of(1, notAnObject),
                Tuple.of(2, nulls));
    }

    /** Bodies that are not JSON, or not whole: the request is refused and nothing of it stored. */
    private Arbitrary<Attempt> brokenBodies() {
        return Arbitraries.of("truncated", "garbage", "bad-utf8", "empty", "null", "number", "trailing", "bom")
                .flatMap(kind -> valid().list().ofMinSize(1).ofMaxSize(5).map(events -> {
                    String json = write(events);
                    byte[] body = switch (kind) {
                        case "truncated" -> json.substring(0, json.length() / 2).getBytes(StandardCharsets.UTF_8);
                        case "garbage" -> ("<xml>" + json).getBytes(StandardCharsets.UTF_8);
                        case "bad-utf8" -> concat(json.substring(0, json.length() - 3).getBytes(StandardCharsets.UTF_8),
                                new byte[]{(byte) 0xC3, (byte) 0x28, (byte) 0xFF, '"', '}', ']'});
                        case "empty" -> new byte[0];
                        case "null" -> "null".getBytes(StandardCharsets.UTF_8);
                        case "number" -> "12345".getBytes(StandardCharsets.UTF_8);
                        case "trailing" -> (json + "]]]").getBytes(StandardCharsets.UTF_8);
                        default -> concat(new byte[]{(byte) 0xEF, (byte) 0xBB}, json.getBytes(StandardCharsets.UTF_8));
                    };
                    List<String> ids = events.stream().map(e -> (String) e.get("eventId")).toList();
                    return new Attempt("broken-" + kind, "POST", "/api/v1/events", "application/json", body,
                            ids, List.of(), true);
                }));
    }

    /** Nesting far beyond any event's shape, inside an event or as the whole body. */
    private Arbitrary<Attempt> deepJson() {
        return Arbitraries.oneOf(Arbitraries.integers().between(50, 500), Arbitraries.integers().between(1_500, 50_000))
                .flatMap(depth -> Arbitraries.of(true, false).map(inside -> {
            String deep = "[".repeat(depth) + "]".repeat(depth);
            if (inside) {
                Map<String, Object> e = opened(Instant.parse("2025-06-01T10:00:00Z"));
                String body = write(List.of(e)).replaceFirst("\"source\":\"crm\"", "\"source\":" + deep);
                return new Attempt("deep-inside", "POST", "/api/v1/events", "application/json",
                        body.getBytes(StandardCharsets.UTF_8), List.of(), List.of((String) e.get("eventId")), false);
            }
            // one element, not an event (it has no id): refused alone, or the whole body refused
            return new Attempt("deep-body", "POST", "/api/v1/events", "application/json",
                    deep.getBytes(StandardCharsets.UTF_8), List.of(), Collections.singletonList(null), false);
        }));
    }

    /** Valid events under a content type the endpoint does not take. */
    private Arbitrary<Attempt> wrongContentTypes() {
        return Arbitraries.of("text/plain", "application/xml", "text/csv", "multipart/form-data; boundary=x",
                "application/octet-stream", "image/png").map(type -> {
            Map<String, Object> e = opened(Instant.parse("2025-06-01T10:00:00Z"));
            return new Attempt("content-type", "POST", "/api/v1/events", type,
                    write(List.of(e)).getBytes(StandardCharsets.UTF_8), List.of((String) e.get("eventId")), List.of(),
                    true);
        });
    }

    /** The per-opportunity endpoint with hostile ids in the path: refused, or (a plain id) accepted. */
    private Arbitrary<Attempt> opportunityPath() {
        return Arbitraries.of("%C3%9CNICODE", "a%20b", "..%2F..%2Fetc", "x".repeat(300), "%00", "OPP%3Bdrop",
                "OK-PATH").map(pathId -> {
            Map<String, Object> e = opened(Instant.parse("2025-06-01T10:00:00Z"));
            boolean plain = pathId.equals("OK-PATH");
            if (plain) {
                e.put("opportunityId", "OK-PATH-" + e.get("eventId"));
                pathId = (String) e.get("opportunityId");
            }
            String id = (String) e.get("eventId");
            e.remove("opportunityId");
            return new Attempt("path-" + (plain ? "plain" : "hostile"), "POST",
                    "/api/v1/opportunities/" + pathId + "/events", "application/json",
                    write(e).getBytes(StandardCharsets.UTF_8), plain ? List.of(id) : List.of(),
                    plain ? List.of() : List.of(id), !plain);
        });
    }

    /** Process definitions that must be refused: the process never changes. */
    private Arbitrary<Attempt> processDefinitions() {
        return Arbitraries.of("{}", "[]", "{\"stages\":[]}", "{\"stages\":[{\"id\":\"a\"},{\"id\":\"a\"}]}",
                "{\"stages\":\"prospecting\"}", "{\"stages\":[{\"id\":\"ü\",\"name\":\"x\"}]}", "not json",
                "{\"stages\":[{\"id\":\"a\",\"name\":\"A\",\"probability\":\"NaN\"}]}", "{\"stages\":null}")
                .map(body -> new Attempt("process", "PUT", "/api/v1/process", "application/json",
                        body.getBytes(StandardCharsets.UTF_8), List.of(), List.of(), true));
    }

    private Attempt oversizedBody() {
        Map<String, Object> e = opened(Instant.parse("2025-06-01T10:00:00Z"));
        String body = "[" + write(e) + "," + " ".repeat(MAX_BODY) + "]";
        return new Attempt("oversized-body", "POST", "/api/v1/events", "application/json",
                body.getBytes(StandardCharsets.UTF_8), List.of((String) e.get("eventId")), List.of(), true);
    }

    private Attempt tooManyEvents(int over) {
        List<String> events = new ArrayList<>();
        List<String> idsSent = new ArrayList<>();
        for (int i = 0; i < MAX_EVENTS + over; i++) {
            String id = "hostile-" + ids.incrementAndGet();
            idsSent.add(id);
            events.add("{\"eventId\":\"" + id + "\",\"type\":\"OpportunityOpened\",\"opportunityId\":\"H" + id
                    + "\",\"occurredAt\":\"2025-01-01T00:00:00Z\",\"repId\":\"r\",\"stage\":\"prospecting\",\"amount\":1}");
        }
        return new Attempt("too-many-events", "POST", "/api/v1/events", "application/x-ndjson",
                String.join("\n", events).getBytes(StandardCharsets.UTF_8), idsSent, List.of(), true);
    }

    private Map<String, Object> opened(Instant at) {
        String id = "hostile-" + ids.incrementAndGet();
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("eventId", id);
        e.put("type", "OpportunityOpened");
        e.put("opportunityId", "OPP-" + id);
        e.put("occurredAt", at.toString());
        e.put("repId", "rep-1");
        e.put("teamId", "team-1");
        e.put("stage", "prospecting");
        e.put("amount", 1000);
        e.put("source", "crm");
        return e;
    }

    private long processEvents() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM DomainEventEntry WHERE aggregateIdentifier = 'sales-process'",
                Long.class);
    }

    private static String write(Object value) {
        try {
            // lone surrogates go as JSON escapes: a Java string cannot carry them into UTF-8 bytes
            return JSON.writeValueAsString(value).replace("@@D800@@", "\\uD800").replace("@@DFFF@@", "\\uDFFF");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + new String(body, StandardCharsets.UTF_8), e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
