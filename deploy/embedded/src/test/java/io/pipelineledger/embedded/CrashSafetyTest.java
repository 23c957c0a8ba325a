package io.pipelineledger.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipelineledger.command.support.TestKeys;
import io.pipelineledger.embedded.support.LedgerClient;
import io.pipelineledger.events.generator.CrmEvent;
import io.pipelineledger.events.generator.CrmHistoryGenerator;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one-process app (default storage, H2 files) killed with SIGKILL again and again while a client posts a
 * generated history, as a CRM would: a chunk is acknowledged or sent again after the restart. At the end every
 * acknowledged event is stored, each exactly once, the retries duplicated nothing, and the projections that lived
 * through the kills equal a replay from the event store.
 */
class CrashSafetyTest {

    static final int KILLS = 4;
    static final int CHUNK = 50;

    @Test
    void acknowledgedFactsSurviveSigkillAndProjectionsEqualAReplay() throws Exception {
        Path data = Files.createTempDirectory("ledger-crash");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<CrmEvent> events = new CrmHistoryGenerator().generate(new CrmHistoryGenerator.Settings(23, 20, 1,
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-09-01T00:00:00Z"), 4.0, 0.05, 0.05))
                .events();
        List<List<CrmEvent>> chunks = new ArrayList<>();
        for (int i = 0; i < events.size(); i += CHUNK) {
            chunks.add(events.subList(i, Math.min(events.size(), i + CHUNK)));
        }
        WebTestClient web = WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(30)).defaultHeader(TestKeys.HEADER, TestKeys.ADMIN).build();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failedPosts = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        Thread client = new Thread(() -> {
            // each chunk is sent until acknowledged: a CRM's at-least-once delivery
            while (!stop.get() && next.get() < chunks.size()) {
                List<CrmEvent> chunk = chunks.get(next.get());
                try {
                    JsonNode answer = LedgerClient.json(web.post().uri("/api/v1/events")
                            .contentType(MediaType.APPLICATION_JSON).bodyValue(CrmEvent.toJsonArray(chunk)).exchange()
                            .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
                    if (answer.get("rejected").isEmpty()) {
                        chunk.forEach(e -> acknowledged.add(e.eventId()));
                        next.incrementAndGet();
                        continue;
                    }
                } catch (Throwable refusedOrKilled) {
                    failedPosts.incrementAndGet();
                }
                sleep(100);
            }
        }, "crm-client");
        client.start();

        Random random = new Random(5);
        int killedAfterAcks = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            int before = next.get();
            Process app = start(data, port, "run-" + kill);
            // let the client post until this run acknowledged something, then a random while more, and kill in the
            // middle of whatever it is doing. Not waiting for readiness: it now waits for every read model to catch
            // up, and the client (accepted before that) would have sent everything by the second run
            long acked = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < acked && next.get() == before && next.get() < chunks.size()) {
                assertThat(app.isAlive()).as("the app is running").isTrue();
                sleep(20);
            }
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(random.nextInt(1_500));
            while (System.nanoTime() < until && next.get() < chunks.size()) {
                sleep(20);
            }
            app.destroyForcibly(); // SIGKILL
            assertThat(app.waitFor(30, TimeUnit.SECONDS)).isTrue();
            killedAfterAcks += next.get() > before ? 1 : 0;
        }
        Process app = start(data, port, "final");
        try {
            awaitReady(web, app);
            client.join(TimeUnit.MINUTES.toMillis(5));
            assertThat(next.get()).as("every chunk acknowledged in the end").isEqualTo(chunks.size());
            LedgerClient ledger = new LedgerClient(web);
            JsonNode status = ledger.awaitProjections();
            List<String> reads = List.of("/api/v1/conversion?groupBy=rep&asOf=2026-09-01",
                    "/api/v1/winrates?groupBy=team&asOf=2026-09-01", "/api/v1/pipeline?groupBy=region&asOf=2026-08-01",
                    "/api/v1/maturity?asOf=2026-09-01");
            List<JsonNode> lived = reads.stream().map(ledger::get).toList();
            web.post().uri("/api/v1/projections/replay").exchange().expectStatus().isAccepted();
            JsonNode replayed = ledger.awaitProjections();
            assertThat(replayed.get("facts")).isEqualTo(status.get("facts"));
            for (int i = 0; i < reads.size(); i++) {
                assertThat(ledger.get(reads.get(i))).as("after the kills vs a replay: " + reads.get(i))
                        .isEqualTo(lived.get(i));
            }
        } finally {
            stop.set(true);
            app.destroy(); // a graceful stop: the H2 file is then free to read
            app.waitFor(60, TimeUnit.SECONDS);
        }

        List<String> stored = new ArrayList<>();
        try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + data.resolve("ledger"), "sa", "");
             Statement query = db.createStatement();
             ResultSet rows = query.executeQuery(
                     "SELECT eventIdentifier FROM DomainEventEntry WHERE eventIdentifier LIKE 'crm:%'")) {
            while (rows.next()) {
                stored.add(rows.getString(1).substring(4));
            }
        }
        System.out.printf("crash safety: %d events in %d chunks, %d kills (%d after acknowledgements), %d posts failed "
                + "and were sent again, %d stored%n", events.size(), chunks.size(), KILLS, killedAfterAcks,
                failedPosts.get(), stored.size());
        Set<String> unique = new HashSet<>(stored);
        assertThat(unique).as("each event stored once").hasSize(stored.size());
        assertThat(unique).as("every acknowledged event stored").containsAll(acknowledged);
        assertThat(unique).as("everything the client sent, retries included, stored once").hasSize(events.size());
        assertThat(killedAfterAcks).as("kills that came after some acknowledgements").isGreaterThanOrEqualTo(2);
    }

    private static Process start(Path data, int port, String name) throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-cp", System.getProperty("java.class.path"),
                PipelineLedgerApplication.class.getName(), "--server.port=" + port, "--ledger.data-dir=" + data);
        File log = data.resolve(name + ".log").toFile();
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    }

    private static void awaitReady(WebTestClient web, Process app) {
        Instant deadline = Instant.now().plus(2, ChronoUnit.MINUTES);
        while (true) {
            assertThat(app.isAlive()).as("the app is running").isTrue();
            try {
                if (web.get().uri("/actuator/health/readiness").exchange().expectBody().returnResult().getStatus()
                        .is2xxSuccessful()) {
                    return;
                }
            } catch (Throwable notYet) {
                // not listening yet
            }
            assertThat(Instant.now()).as("ready in time").isBefore(deadline);
            sleep(200);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
