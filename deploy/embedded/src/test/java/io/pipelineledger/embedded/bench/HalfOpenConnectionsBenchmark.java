package io.pipelineledger.embedded.bench;

import io.pipelineledger.command.support.TestKeys;
import io.pipelineledger.embedded.PipelineLedgerApplication;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 20,000 connections that send a partial request line and never finish it, against the one-process app started as a
 * process of its own (own file-descriptor limit, default {@code ledger.http.*}): health and a keyed GET from another
 * address are timed before (idle baseline) and during the flood, and the held connections' closing by the header
 * timeout is timed. The attacker is two processes of 10,000 sockets each from 127.0.0.2 (one process could not hold
 * 20,000 sockets under this machine's limit of 20,000 descriptors).
 * {@code mvn -B -pl deploy/embedded -am test -Pbenchmark -Dtest=HalfOpenConnectionsBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false} ({@code -Dbench.half-open=20000}); writes
 * {@code target/benchmark-half-open.md}.
 */
@Tag("benchmark")
class HalfOpenConnectionsBenchmark {

    static final int HALF_OPEN = Integer.getInteger("bench.half-open", 20_000);
    static final int ATTACKERS = 2;
    static final String ATTACKER_ADDRESS = "127.0.0.2";
    static final int SAMPLES = 50;
    /** Probe pairs during the flood, one every ~100 ms: about 25 s, past opening (~12 s here) and the 10 s timeout. */
    static final int PROBE_ROUNDS = 250;

    @Test
    void halfOpenFlood() throws Exception {
        Path data = Files.createTempDirectory("ledger-half-open");
        int port = freePort();
        Process app = java(List.of("-Xmx768m"), PipelineLedgerApplication.class.getName(),
                List.of("--server.port=" + port, "--ledger.data-dir=" + data), data.resolve("app.log"));
        List<Process> attackers = new ArrayList<>();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            awaitReady(http, port, app);
            for (int i = 0; i < 20; i++) { // warm-up
                probe(http, port, false);
                probe(http, port, true);
            }
            long[] idleHealth = sample(http, port, false, SAMPLES, 0);
            long[] idleKeyed = sample(http, port, true, SAMPLES, 0);
            long logBefore = Files.size(data.resolve("app.log"));

            Instant flood = Instant.now();
            List<BufferedReader> reports = new ArrayList<>();
            for (int i = 0; i < ATTACKERS; i++) {
                Process attacker = java(List.of(), Attacker.class.getName(), List.of(String.valueOf(port),
                        String.valueOf(HALF_OPEN / ATTACKERS), ATTACKER_ADDRESS, "20"), null);
                attackers.add(attacker);
                reports.add(new BufferedReader(new InputStreamReader(attacker.getInputStream(),
                        StandardCharsets.UTF_8)));
            }
            // probes from the first socket on: every 100 ms, through the opening, the holding and the closing
            CompletableFuture<long[][]> probes = CompletableFuture.supplyAsync(() -> {
                try {
                    List<long[]> health = new ArrayList<>();
                    List<long[]> keyed = new ArrayList<>();
                    for (int i = 0; i < PROBE_ROUNDS; i++) {
                        health.add(sample(http, port, false, 1, 50));
                        keyed.add(sample(http, port, true, 1, 50));
                    }
                    return new long[][]{health.stream().mapToLong(a -> a[0]).toArray(),
                            keyed.stream().mapToLong(a -> a[0]).toArray()};
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            List<String> opened = new ArrayList<>();
            for (BufferedReader report : reports) {
                opened.add(report.readLine()); // "opened N in S s"
            }
            Duration toOpen = Duration.between(flood, Instant.now());
            List<String> closed = new ArrayList<>();
            for (BufferedReader report : reports) {
                closed.add(report.readLine()); // "held N; closed by the server ..."
            }
            for (Process attacker : attackers) {
                attacker.waitFor(60, TimeUnit.SECONDS);
            }
            long[][] sampled = probes.get(2, TimeUnit.MINUTES);
            long[] floodHealth = sampled[0];
            long[] floodKeyed = sampled[1];
            Thread.sleep(61_000); // one summary interval
            String log = Files.readString(data.resolve("app.log"));
            String floodLog = log.substring((int) Math.min(log.length(), logBefore));
            long warnings = floodLog.lines().filter(l -> l.contains(" WARN ")).count();
            List<String> summaries = floodLog.lines().filter(l -> l.contains("HTTP connections: ")).toList();

            String report = String.format(Locale.ROOT, """
                    # Half-open connections (%,d, partial request line, never finished)

                    %s
                    App: one process, default ledger.http.* (header timeout 10 s, caps from the fd limit: %s)
                    Attacker: %d processes from %s: %s; opened within %.1f s

                    Probes during the flood: one pair every ~100 ms from the first socket on, %d pairs
                    (through the opening, the holding and the closing).

                    | probe (from 127.0.0.1) | idle p50 | idle max | during flood p50 | during flood p99 | during flood max |
                    |---|---|---|---|---|---|
                    | GET /actuator/health | %d ms | %d ms | %d ms | %d ms | %d ms |
                    | GET /api/v1/process (keyed) | %d ms | %d ms | %d ms | %d ms | %d ms |

                    Flood p99 / idle p50 (health): %.1f×.
                    Attacker's sockets: %s
                    Log during the flood: %,d bytes, %d WARN lines; summary lines:
                    %s
                    """, HALF_OPEN, Machine.describe(), capsLine(log), ATTACKERS, ATTACKER_ADDRESS, opened,
                    toOpen.toMillis() / 1000.0, floodHealth.length,
                    pct(idleHealth, 50), max(idleHealth), pct(floodHealth, 50), pct(floodHealth, 99), max(floodHealth),
                    pct(idleKeyed, 50), max(idleKeyed), pct(floodKeyed, 50), pct(floodKeyed, 99), max(floodKeyed),
                    (double) pct(floodHealth, 99) / Math.max(1, pct(idleHealth, 50)), closed,
                    floodLog.length(), warnings, String.join("\n", summaries));
            System.out.println(report);
            Files.writeString(Path.of("target/benchmark-half-open.md"), report);
            assertThat(pct(floodHealth, 99)).as("health p99 during the flood").isLessThan(1_000);
            assertThat(pct(floodKeyed, 99)).as("keyed GET p99 during the flood").isLessThan(1_000);
        } finally {
            attackers.forEach(Process::destroyForcibly);
            app.destroy();
            app.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * One attacker: opens {@code n} connections from {@code source}, sends each a partial request line, then watches
     * which the server closes, for {@code seconds}. Prints "opened …", then "held …; closed …".
     */
    public static final class Attacker {

        public static void main(String[] args) throws Exception {
            int port = Integer.parseInt(args[0]);
            int n = Integer.parseInt(args[1]);
            String source = args[2];
            int seconds = Integer.parseInt(args[3]);
            ByteBuffer partial = ByteBuffer.wrap("GET /api/v1/process HTTP/1.1\r\nHost: localhost\r\nX-Par"
                    .getBytes(StandardCharsets.US_ASCII));
            List<SocketChannel> sockets = new ArrayList<>(n);
            long start = System.nanoTime();
            int failed = 0;
            for (int i = 0; i < n; i++) {
                try {
                    SocketChannel socket = SocketChannel.open();
                    socket.bind(new InetSocketAddress(source, 0));
                    socket.connect(new InetSocketAddress("127.0.0.1", port));
                    socket.write(partial.duplicate());
                    socket.configureBlocking(false);
                    sockets.add(socket);
                } catch (IOException e) {
                    failed++;
                }
            }
            Instant opened = Instant.now();
            System.out.printf(Locale.ROOT, "opened %d (%d failed) in %.1f s%n", sockets.size(), failed,
                    (System.nanoTime() - start) / 1e9);
            System.out.flush();
            ByteBuffer one = ByteBuffer.allocate(1);
            int refusedAtOnce = -1;
            List<SocketChannel> open = new ArrayList<>(sockets);
            long lastCloseMillis = 0;
            Instant deadline = opened.plusSeconds(seconds);
            while (!open.isEmpty() && Instant.now().isBefore(deadline)) {
                List<SocketChannel> still = new ArrayList<>();
                for (SocketChannel socket : open) {
                    boolean closed;
                    try {
                        one.clear();
                        closed = socket.read(one) < 0;
                    } catch (IOException reset) {
                        closed = true;
                    }
                    if (closed) {
                        socket.close();
                        lastCloseMillis = Duration.between(opened, Instant.now()).toMillis();
                    } else {
                        still.add(socket);
                    }
                }
                if (refusedAtOnce < 0) {
                    refusedAtOnce = sockets.size() - still.size();
                }
                open = still;
                Thread.sleep(200);
            }
            System.out.printf(Locale.ROOT, "%d closed at once (over a cap), %d held, all closed by the server: %s, "
                            + "last close %.1f s after opening%n", refusedAtOnce, sockets.size() - refusedAtOnce,
                    open.isEmpty(), lastCloseMillis / 1000.0);
            for (SocketChannel socket : open) {
                socket.close();
            }
        }
    }

    private static String capsLine(String log) {
        return log.lines().filter(l -> l.contains("HTTP connections: at most")).findFirst()
                .map(l -> l.substring(l.indexOf("at most"))).orElse("?");
    }

    private static long[] sample(HttpClient http, int port, boolean keyed, int count, long everyMillis)
            throws Exception {
        long[] millis = new long[count];
        for (int i = 0; i < count; i++) {
            millis[i] = probe(http, port, keyed);
            if (everyMillis > 0) {
                Thread.sleep(everyMillis);
            }
        }
        return millis;
    }

    private static long probe(HttpClient http, int port, boolean keyed) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + (keyed ? "/api/v1/process" : "/actuator/health"))).timeout(Duration.ofSeconds(30));
        if (keyed) {
            request.header(TestKeys.HEADER, TestKeys.ADMIN);
        }
        long start = System.nanoTime();
        HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
        assertThat(response.statusCode()).isEqualTo(200);
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static long pct(long[] values, int percentile) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)];
    }

    private static long max(long[] values) {
        return Arrays.stream(values).max().orElse(0);
    }

    private static Process java(List<String> jvm, String main, List<String> args, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvm);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (log != null) {
            builder.redirectOutput(log.toFile());
        }
        return builder.start();
    }

    private static void awaitReady(HttpClient http, int port, Process app) throws Exception {
        Instant deadline = Instant.now().plusSeconds(180);
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
