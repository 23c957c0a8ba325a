package io.pipelineledger.command.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelineledger.command.support.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile bodies against the real command service over HTTP, at the default limits (issue #13, items 2, 6 and 8):
 * each limit is enforced while the body is parsed, strict input is refused naming the field, and nothing of a
 * refused event is stored. Every case here was accepted, answered 5xx or took tens of seconds before.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StrictIngestionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void h2(DynamicPropertyRegistry registry) {
        registry.add("ledger.data-dir", () -> dataDir.toString());
    }

    @Autowired
    WebTestClient web;
    @Autowired
    JdbcTemplate jdbc;
    @LocalServerPort
    int port;

    // --- limits while parsing

    @Test
    void sixteenMillionEmptyObjectsAreRefusedAtTheEventLimit() throws Exception {
        long total = 1 + 16_000_000L * 3;
        AtomicLong sent = new AtomicLong();
        long started = System.nanoTime();
        String answer = rawPost("/api/v1/events", "application/json", total, out -> {
            byte[] chunk = "{},".repeat(20_000).getBytes(StandardCharsets.US_ASCII);
            out.write('[');
            while (sent.get() < total - 1) {
                out.write(chunk);
                sent.addAndGet(chunk.length);
            }
        });
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(answer).startsWith("HTTP/1.1 413");
        JsonNode problem = JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
        assertThat(problem.path("field").asText()).isEqualTo("body");
        assertThat(problem.path("detail").asText()).contains("at most 100000 events");
        // parsing stopped at event 100,001 (~300 KB); the rest was dropped as it came, so the answer reaches
        // clients that read it only after sending
        assertThat(millis).as("answered in %d ms (target < 2 s; generous here for a loaded machine)", millis)
                .isLessThan(20_000);
    }

    @Test
    void aMillionDigitAmountIsRefusedWithoutBuildingANumber() {
        String digits = "1".repeat(1_000_000);
        long started = System.nanoTime();
        JsonNode asNumber = problem(post("application/json", "[" + opened("big-1", "BIG-1", digits) + "]"), 400);
        long numberMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(asNumber.path("field").asText()).isEqualTo("amount");
        assertThat(asNumber.path("detail").asText()).contains("more than 40 characters");
        started = System.nanoTime();
        JsonNode asString = ok(post("application/json", "[" + opened("big-2", "BIG-2", "\"" + digits + "\"") + "]"));
        long stringMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(asString.path("rejected").get(0).path("field").asText()).isEqualTo("amount");
        assertThat(asString.path("rejected").get(0).path("error").asText()).contains("at most 40 characters");
        // quadratic BigDecimal parsing took ~20 s for this; the target (< 50 ms) is measured by the benchmark
        assertThat(numberMillis + stringMillis).as("%d ms + %d ms", numberMillis, stringMillis).isLessThan(5_000);
        assertThat(stored("BIG-")).isZero();
    }

    @Test
    void aFortyOneDigitNumberRefusesTheBodyAndFortyAreRead() {
        JsonNode refused = problem(post("application/json", "[" + opened("n41", "N41", "1" + "0".repeat(40)) + "]"),
                400);
        assertThat(refused.path("field").asText()).isEqualTo("amount");
        // forty characters are read, and then judged by the amount rule
        JsonNode read = ok(post("application/json", "[" + opened("n40", "N40", "1" + "0".repeat(39)) + "]"));
        assertThat(read.path("rejected").get(0).path("error").asText()).contains("below 1e15");
    }

    @Test
    void nestingBeyondSixteenLevelsIsABadRequest() {
        String deep = "{\"eventId\":\"deep\",\"source\":" + "[".repeat(20) + "]".repeat(20) + "}";
        JsonNode refused = problem(post("application/json", "[" + deep + "]"), 400);
        assertThat(refused.path("detail").asText()).contains("deeper than 16");
        assertThat(refused.path("field").asText()).startsWith("source");
    }

    @Test
    void aProcessDefinitionAboveTheBodyLimitIsRefusedWith413() throws Exception {
        StringBuilder stages = new StringBuilder("{\"stages\":[");
        for (int i = 0; stages.length() < 2_000_000; i++) {
            stages.append(i == 0 ? "" : ",").append("{\"id\":\"s").append(i).append("\",\"probability\":0.5,")
                    .append("\"name\":\"").append("n".repeat(900)).append("\"}");
        }
        byte[] body = stages.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        String declared = rawPut(body.length, out -> out.write(body));
        assertThat(declared).startsWith("HTTP/1.1 413");
        assertThat(declared).contains("\"field\":\"body\"");
        // the same without a Content-Length (chunked): refused at the first chunk past the limit
        String chunked = rawPut(-1, out -> {
            for (int from = 0; from < body.length; from += 8192) {
                int n = Math.min(8192, body.length - from);
                out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body, from, n);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        });
        assertThat(chunked).startsWith("HTTP/1.1 413");
        assertThat(chunked).contains("application/problem+json").contains("\"field\":\"body\"");
        assertThat(processVersions()).isEqualTo(1);
    }

    @Test
    void aProcessWithTooManyStagesOrAnUnknownFieldIsRefusedNamingIt() {
        StringBuilder many = new StringBuilder("{\"stages\":[");
        for (int i = 0; i < 51; i++) {
            many.append(i == 0 ? "" : ",").append("{\"id\":\"s").append(i).append("\",\"probability\":0.5}");
        }
        JsonNode tooMany = problem(putProcess(many.append("]}").toString()), 413);
        assertThat(tooMany.path("field").asText()).isEqualTo("stages");
        JsonNode unknown = problem(putProcess("{\"stages\":[{\"id\":\"a\",\"probability\":0.1,\"exitCriterias\":[]}]}"),
                400);
        assertThat(unknown.path("field").asText()).isEqualTo("stages[0].exitCriterias");
        assertThat(unknown.path("detail").asText()).contains("did you mean exitCriteria?");
        JsonNode twice = problem(putProcess("{\"stages\":[],\"stages\":[{\"id\":\"a\",\"probability\":0.1}]}"), 400);
        assertThat(twice.path("field").asText()).isEqualTo("body");
        assertThat(processVersions()).isEqualTo(1);
    }

    // --- strict input

    @Test
    void anUnknownFieldIsRefusedWithTheFieldItWasMeantToBe() {
        JsonNode result = ok(post("application/json", "[" + opened("typo-1", "TYPO-1", "10").replace("\"repId\"",
                "\"teamID\":\"team-1\",\"repId\"") + "," + opened("typo-2", "TYPO-2", "10").replace("}",
                ",\"padding\":\"x\"}") + "," + opened("typo-3", "TYPO-3", "10") + "]"));
        assertThat(result.path("accepted").asInt()).isEqualTo(1);
        JsonNode teamId = result.path("rejected").get(0);
        assertThat(teamId.path("field").asText()).isEqualTo("teamID");
        assertThat(teamId.path("error").asText()).contains("did you mean teamId?");
        assertThat(result.path("rejected").get(1).path("field").asText()).isEqualTo("padding");
        assertThat(stored("TYPO-")).isEqualTo(1);
    }

    @Test
    void aKeyGivenTwiceIsRefusedNamingTheKey() {
        String twice = opened("dup-key-1", "DUPKEY-1", "10").replace("\"amount\":10", "\"amount\":10,\"amount\":20");
        JsonNode batch = ok(post("application/json", "[" + twice + "]"));
        assertThat(batch.path("rejected").get(0).path("field").asText()).isEqualTo("amount");
        assertThat(batch.path("rejected").get(0).path("error").asText()).contains("given twice");
        JsonNode line = ok(post("application/x-ndjson", twice + "\n" + opened("dup-key-2", "DUPKEY-2", "10")));
        assertThat(line.path("accepted").asInt()).isEqualTo(1);
        assertThat(line.path("rejected").get(0).path("field").asText()).isEqualTo("amount");
        JsonNode single = problem(web.post().uri("/api/v1/opportunities/DUPKEY-3/events")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(twice.replace("\"opportunityId\":\"DUPKEY-1\",", ""))
                .exchange(), 400);
        assertThat(single.path("field").asText()).isEqualTo("amount");
        assertThat(stored("DUPKEY-")).isEqualTo(1);
    }

    @Test
    void controlCharactersAndHalfSurrogatesAreRefusedInTextFields() {
        JsonNode result = ok(post("application/json", "["
                + withSource("ctl-1", "a\\u0000b") + "," + withSource("ctl-2", "\\u001b[31mred") + ","
                + withSource("ctl-3", "tab\\there") + "," + withSource("ctl-4", "\\u0085next") + ","
                + withSource("ctl-5", "\\ud800") + "," + withSource("ctl-6", "plain ünïcode 🦄") + "]"));
        assertThat(result.path("accepted").asInt()).isEqualTo(1);
        assertThat(result.path("rejected")).hasSize(5).allSatisfy(r -> assertThat(r.path("field").asText())
                .isEqualTo("source"));
        assertThat(result.path("rejected").get(0).path("error").asText()).contains("control characters");
        // free text that may span lines keeps its line breaks, and nothing else
        ok(post("application/json", "[" + opened("ctl-7", "CTL-7", "10") + "]"));
        JsonNode lost = ok(post("application/json", "[" + lost("ctl-8", "no budget\\nthis year") + ","
                + lost("ctl-9", "no\\u0007budget") + "]"));
        assertThat(lost.path("accepted").asInt()).isEqualTo(1);
        assertThat(lost.path("rejected").get(0).path("field").asText()).isEqualTo("reason");
    }

    @Test
    void overlongAndOtherInvalidUtf8IsRefusedNamingTheField() {
        for (String hex : new String[]{"C0AF", "EDA080", "F4908080", "FF"}) {
            byte[] body = bytes("[" + opened("utf-" + hex, "UTF-" + hex, "10").replace("\"repId\"",
                    "\"source\":\"x"), HexFormat.of().parseHex(hex), "\",\"repId\"".substring(0, 0));
            // {"eventId":…,"source":"x<bad bytes>":"rep-1",…} would not be JSON: close the string properly instead
            body = bytes("[" + withSource("utf-" + hex, "x@@").split("@@")[0], HexFormat.of().parseHex(hex),
                    withSource("utf-" + hex, "x@@").split("@@")[1] + "]");
            JsonNode refused = problem(web.post().uri("/api/v1/events").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(body).exchange(), 400);
            assertThat(refused.path("field").asText()).as(hex).isEqualTo("source");
            assertThat(refused.path("detail").asText()).as(hex).contains("UTF-8");
        }
        byte[] ndjson = bytes(withSource("utf-n1", "x@@").split("@@")[0], HexFormat.of().parseHex("C0AF"),
                withSource("utf-n1", "x@@").split("@@")[1] + "\n" + withSource("utf-n2", "fine"));
        JsonNode lines = ok(web.post().uri("/api/v1/events").contentType(MediaType.parseMediaType("application/x-ndjson"))
                .bodyValue(ndjson).exchange());
        assertThat(lines.path("accepted").asInt()).isEqualTo(1);
        assertThat(lines.path("rejected").get(0).path("field").asText()).isEqualTo("source");
        assertThat(stored("UTF-")).isEqualTo(1);
    }

    // --- CSV import

    @Test
    void aBadCsvRowIsReportedWithItsColumnAndTheGoodRowsAreImported() {
        String csv = "opportunityId,changedAt,stage,amount,repId\n"
                + "CSV-1,2026-01-05,Prospect,1000,rep-1\n"
                + "CSV-2,+300000000-01-01T00:00:00Z,Prospect,1000,rep-1\n"
                + "CSV-3,2026-01-05," + "Prospect," + "9".repeat(1_000_000) + ",rep-1\n"
                + "CSV-4,2026-01-05,Prospect,1000,rep\u0000nul\n"
                + "CSV-5,2026-01-05,Prospect,1000,rep-@@\n"
                + "CSV-6,2026-01-06,Qualify,2000,rep-1\n";
        String[] around = csv.split("@@");
        byte[] history = bytes(around[0], HexFormat.of().parseHex("C0AF"), around[1]);
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        form.part("history", history).filename("history.csv").contentType(MediaType.TEXT_PLAIN);
        form.part("mapping", "Prospect = prospecting\nQualify = qualification\n");
        long started = System.nanoTime();
        JsonNode answer = web.post().uri("/api/v1/import/opportunity-history").contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(form.build())).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(answer.path("accepted").asInt()).as(answer.toString()).isEqualTo(2);
        assertThat(answer.path("rejected")).extracting(r -> r.path("line").asInt()).containsExactly(3, 4, 5, 6);
        assertThat(answer.path("rejected")).extracting(r -> r.path("field").asText())
                .containsExactly("changedAt", "amount", "repId", "repId");
        assertThat(answer.path("rejected").get(3).path("error").asText()).contains("UTF-8");
        assertThat(millis).as("%d ms", millis).isLessThan(10_000);
        assertThat(stored("CSV-")).isEqualTo(2);
    }

    // --- helpers

    private static String opened(String eventId, String opportunityId, String amount) {
        return "{\"eventId\":\"" + eventId + "\",\"type\":\"OpportunityOpened\",\"opportunityId\":\"" + opportunityId
                + "\",\"occurredAt\":\"2026-01-05T10:00:00Z\",\"repId\":\"rep-1\",\"stage\":\"prospecting\","
                + "\"amount\":" + amount + "}";
    }

    private static String withSource(String eventId, String source) {
        return opened(eventId, eventId.toUpperCase(), "10").replace("}", ",\"source\":\"" + source + "\"}");
    }

    private static String lost(String eventId, String reason) {
        return "{\"eventId\":\"" + eventId + "\",\"type\":\"OpportunityLost\",\"opportunityId\":\"CTL-7\","
                + "\"occurredAt\":\"2026-01-06T10:00:00Z\",\"reason\":\"" + reason + "\"}";
    }

    private WebTestClient.ResponseSpec post(String contentType, String body) {
        return web.post().uri("/api/v1/events").contentType(MediaType.parseMediaType(contentType)).bodyValue(body)
                .exchange();
    }

    private WebTestClient.ResponseSpec putProcess(String body) {
        return web.put().uri("/api/v1/process").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private static JsonNode ok(WebTestClient.ResponseSpec response) {
        return response.expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    /** A problem+json of the status, whose detail names no internal class. */
    private static JsonNode problem(WebTestClient.ResponseSpec response, int status) {
        JsonNode problem = response.expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(problem.path("detail").asText()).doesNotContain("io.pipelineledger", "java.", "Exception", "`",
                "com.fasterxml");
        return problem;
    }

    private long stored(String opportunityPrefix) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM DomainEventEntry WHERE aggregateIdentifier LIKE ?",
                Long.class, opportunityPrefix + "%");
    }

    private long processVersions() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM DomainEventEntry WHERE aggregateIdentifier = 'sales-process'",
                Long.class);
    }

    private static byte[] bytes(String before, byte[] middle, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(middle);
        out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    interface BodyWriter {
        void write(OutputStream out) throws IOException;
    }

    /**
     * A POST over a plain socket: the body is written on another thread while the answer is read, as a client that
     * keeps sending would; a server that answers early and closes ends the writing.
     */
    private String rawPost(String path, String contentType, long length, BodyWriter body) throws Exception {
        return raw("POST", path, contentType, length, body);
    }

    private String rawPut(long length, BodyWriter body) throws Exception {
        return raw("PUT", "/api/v1/process", "application/json", length, body);
    }

    /** {@code length} -1: chunked, the writer frames the chunks. */
    private String raw(String method, String path, String contentType, long length, BodyWriter body)
            throws Exception {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + contentType
                    + (length < 0 ? "\r\nTransfer-Encoding: chunked" : "\r\nContent-Length: " + length) + "\r\n"
                    + TestKeys.HEADER + ": " + TestKeys.ADMIN + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            Thread writer = new Thread(() -> {
                try {
                    body.write(out);
                    out.flush();
                } catch (IOException closedByServer) {
                    // expected: the server refused the body and closed the connection
                }
            });
            writer.start();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int contentLength = -1;
            while (true) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                answer.write(buffer, 0, n);
                String text = answer.toString(StandardCharsets.UTF_8);
                int headersEnd = text.indexOf("\r\n\r\n");
                if (headersEnd >= 0) {
                    if (contentLength < 0) {
                        String lower = text.substring(0, headersEnd).toLowerCase();
                        int at = lower.indexOf("content-length:");
                        // chunked answers (Spring's problems): read to the closing zero-length chunk
                        contentLength = at < 0 ? -2 : Integer.parseInt(
                                lower.substring(at + 15, lower.indexOf("\r\n", at)).trim());
                    }
                    if (contentLength == -2 ? text.endsWith("\r\n0\r\n\r\n")
                            : answer.size() - headersEnd - 4 >= contentLength) {
                        break;
                    }
                }
            }
            socket.close();
            writer.join(30_000);
            return answer.toString(StandardCharsets.UTF_8);
        }
    }
}
