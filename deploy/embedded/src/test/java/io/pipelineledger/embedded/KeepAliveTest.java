package io.pipelineledger.embedded;

import io.pipelineledger.command.support.TestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that reuses its connection for the next request as soon as it has read an answer (as CRM connectors and
 * finance tools do) gets every answer. Reactor Netty 1.2.18 could stop reading such a connection when the next
 * request arrived before the previous exchange had wound up and was then answered at once (reactor-netty#4361): the
 * request after it waited until the client gave up. Quick answers (401, 403, 400, probes) are the ones that raced.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeepAliveTest {

    private static final int ROUNDS = 1_500;
    private static final String ADMIN = TestKeys.HEADER + ": " + TestKeys.ADMIN + "\r\n";
    /** Request line, headers, the answers it may get. */
    private static final List<String[]> REQUESTS = List.of(
            new String[]{"GET /actuator/health/readiness", "", "200"},
            new String[]{"GET /api/v1/maturity", "", "401"},
            new String[]{"GET /api/v1/maturity", "X-API-Key: pl_unknown1_notakey\r\n", "401"},
            new String[]{"GET /api/v1/conversion?groupBy=planet", ADMIN, "400"},
            new String[]{"GET /api/v1/reps/nobody/scorecard", ADMIN, "404"},
            new String[]{"GET /api/v1/process", "Authorization: Bearer not-a-token\r\n", "401"});

    private ConfigurableApplicationContext app;
    private int port;

    @BeforeAll
    void start() throws Exception {
        app = new SpringApplicationBuilder(PipelineLedgerApplication.class).run("--server.port=0",
                "--ledger.data-dir=" + Files.createTempDirectory("ledger-keep-alive"));
        port = ((WebServerApplicationContext) app).getWebServer().getPort();
        // ready once the projections have caught up with the (empty) store
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plusSeconds(60);
        while (http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness"))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
            assertThat(Instant.now()).as("ready within a minute").isBefore(deadline);
            Thread.sleep(100);
        }
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    /**
     * GET and HEAD of a static file in turn on kept-alive connections: every request is answered. Without the
     * ledger closing the connection after a HEAD, Reactor Netty stopped reading the connection within ten requests.
     */
    @Test
    void headAndGetInTurnAreAllAnswered() throws IOException {
        int answered = 0;
        int closedAfterHead = 0;
        Socket socket = new Socket("localhost", port);
        try {
            for (int i = 0; i < 100; i++) {
                String method = i % 2 == 0 ? "GET" : "HEAD";
                socket.setSoTimeout(5_000);
                socket.getOutputStream().write((method + " /dashboard.js HTTP/1.1\r\nHost: localhost\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                InputStream in = socket.getInputStream();
                Map<String, String> headers = readHead(in, method + " #" + i);
                if (method.equals("GET")) {
                    in.readNBytes(Integer.parseInt(headers.get("content-length")));
                }
                answered++;
                if ("close".equalsIgnoreCase(headers.get("connection"))) {
                    assertThat(method).isEqualTo("HEAD");
                    closedAfterHead++;
                    socket.close();
                    socket = new Socket("localhost", port);
                }
            }
        } finally {
            socket.close();
        }
        assertThat(answered).isEqualTo(100);
        assertThat(closedAfterHead).isEqualTo(50);
    }

    /** The status line and headers (lower-case names) of one answer; a hang fails the test, naming the request. */
    private static Map<String, String> readHead(InputStream in, String request) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        try {
            while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int b = in.read();
                assertThat(b).as("connection closed before the answer to " + request).isNotNegative();
                head.write(b);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer within 5 s to " + request, e);
        }
        List<String> lines = head.toString(StandardCharsets.US_ASCII).lines().toList();
        assertThat(lines.get(0)).as(request).startsWith("HTTP/1.1 200");
        Map<String, String> headers = new TreeMap<>();
        for (String line : lines.subList(1, lines.size())) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
            }
        }
        return headers;
    }

    @Test
    void sequentialRequestsOnOneConnectionAreAllAnswered() throws IOException {
        int answered = 0;
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            for (int round = 0; round < ROUNDS; round++) {
                for (String[] request : REQUESTS) {
                    out.write((request[0] + " HTTP/1.1\r\nHost: localhost\r\n" + request[1] + "\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    int status;
                    try {
                        status = readResponse(in);
                    } catch (SocketTimeoutException e) {
                        throw new AssertionError("no answer within 10 s to request " + (answered + 1) + " ("
                                + request[0] + ") on a kept-alive connection", e);
                    }
                    assertThat(status).as("%s (request %d)", request[0], answered + 1)
                            .isEqualTo(Integer.parseInt(request[2]));
                    answered++;
                }
            }
        }
        assertThat(answered).isEqualTo(ROUNDS * REQUESTS.size());
    }

    /** Reads one whole response (Content-Length or chunked body); its status. */
    private static int readResponse(InputStream in) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new TreeMap<>();
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
        }
        assertThat(headers.get("connection")).as("the server keeps the connection").isNotEqualTo("close");
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int size = Integer.parseInt(line(in).split(";")[0], 16); size > 0;
                 size = Integer.parseInt(line(in).split(";")[0], 16)) {
                in.readNBytes(size);
                line(in);
            }
            line(in);
        } else {
            in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
        }
        return status;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed by the server");
            }
            if (b != '\r') {
                bytes.write(b);
            }
        }
        return bytes.toString(StandardCharsets.US_ASCII);
    }
}
