package io.pipelineledger.embedded;

import io.pipelineledger.command.support.TestKeys;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM to the one-process app while a dashboard holds a live stream and a CRM is halfway through sending a batch:
 * the stream ends, the batch is still read to its end and answered (its event recorded), and the process is gone
 * within 10 s. A live stream never ends by itself, so before it held the graceful shutdown for its whole 30 s.
 */
class GracefulShutdownTest {

    static final Duration STOP_WITHIN = Duration.ofSeconds(10);

    @Test
    void sigtermAnswersTheRequestInFlightEndsStreamsAndStopsWithinTenSeconds() throws Exception {
        Path data = Files.createTempDirectory("ledger-sigterm");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Process app = start(data, port);
        try {
            awaitReady(app, port);
            runAgainst(app, port);
        } finally {
            app.destroyForcibly();
            app.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(Files.readString(data.resolve("app.log"))).contains("Graceful shutdown complete");
    }

    private static void runAgainst(Process app, int port) throws Exception {
        try (Socket stream = new Socket("127.0.0.1", port); Socket batch = new Socket("127.0.0.1", port)) {
            stream.setSoTimeout(10_000);
            send(stream, "GET /api/v1/stream HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n"
                    + TestKeys.HEADER + ": " + TestKeys.ADMIN + "\r\n\r\n");
            InputStream events = stream.getInputStream();
            assertThat(new String(events.readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");

            byte[] body = ("[{\"eventId\":\"sigterm-1\",\"type\":\"OpportunityOpened\",\"opportunityId\":\"OPP-TERM\","
                    + "\"occurredAt\":\"2026-03-01T10:00:00Z\",\"repId\":\"rep-1\",\"stage\":\"prospecting\","
                    + "\"amount\":1000}]").getBytes(StandardCharsets.UTF_8);
            batch.setSoTimeout(10_000);
            send(batch, "POST /api/v1/events HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + TestKeys.HEADER + ": " + TestKeys.ADMIN + "\r\nContent-Length: " + body.length + "\r\n\r\n");
            OutputStream out = batch.getOutputStream();
            out.write(body, 0, body.length / 2);
            out.flush();
            Thread.sleep(300); // the headers are in: the request is in flight

            Instant sigterm = Instant.now();
            app.destroy(); // SIGTERM
            Thread.sleep(1_000); // the client is slow: the rest of the body comes after the signal
            out.write(body, body.length / 2, body.length - body.length / 2);
            out.flush();
            String answer = readAll(batch.getInputStream(), "\"accepted\"");
            assertThat(answer).startsWith("HTTP/1.1 200").contains("\"accepted\":1");

            readAll(events, null); // the stream ends (the server closes or completes it)
            assertThat(app.waitFor(STOP_WITHIN.toMillis(), TimeUnit.MILLISECONDS)).as("stopped within 10 s").isTrue();
            Duration took = Duration.between(sigterm, Instant.now());
            System.out.printf("graceful shutdown: the process stopped %d ms after SIGTERM%n", took.toMillis());
            assertThat(took).isLessThan(STOP_WITHIN);
        }
    }

    private static Process start(Path data, int port) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                PipelineLedgerApplication.class.getName(), "--server.port=" + port, "--ledger.data-dir=" + data);
        File log = data.resolve("app.log").toFile();
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    }

    private static void awaitReady(Process app, int port) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plusSeconds(120);
        while (true) {
            assertThat(app.isAlive()).as("the app is running").isTrue();
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/actuator/health/readiness")).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            assertThat(Instant.now()).as("ready in time").isBefore(deadline);
            Thread.sleep(200);
        }
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    /** Reads until {@code until} was seen (then a little more) or the server closed the connection. */
    private static String readAll(InputStream in, String until) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            bytes.write(buffer, 0, n);
            if (until != null && bytes.toString(StandardCharsets.UTF_8).contains(until)
                    && bytes.toString(StandardCharsets.UTF_8).endsWith("}")) {
                break;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
