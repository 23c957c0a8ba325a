package io.pipelineledger.embedded.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where the CPU went during a phase: the machine's busy share (all processes, from /proc/stat), this JVM's, and
 * its main thread groups' (the projection's processor thread, the ingestion writers, the event store's producer,
 * H2's own threads, the HTTP event loops), in cores. Threads that end inside the window lose their time.
 */
final class CpuWindow {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final Map<String, String> GROUPS = new LinkedHashMap<>();

    static {
        GROUPS.put("EventProcessor[stage-metrics]", "projection processor thread");
        GROUPS.put("ledger-ingestion-writer", "ingestion writers");
        GROUPS.put("EmbeddedEventStore", "event store producer");
        GROUPS.put("H2", "H2 threads");
        GROUPS.put("MVStore", "H2 threads");
        GROUPS.put("reactor-http", "HTTP event loops");
        GROUPS.put("boundedElastic", "request workers (boundedElastic)");
        GROUPS.put("live-views", "live view computations");
        GROUPS.put("pool-", "benchmark client");
        GROUPS.put("lag-poller", "benchmark client");
        GROUPS.put("main", "benchmark client");
    }

    private final long wall = System.nanoTime();
    private final long process = processCpu();
    private final long[] machine = machine();
    private final Map<Long, Long> threads = threads();

    String since() {
        double seconds = (System.nanoTime() - wall) / 1e9;
        long[] now = machine();
        double busy = now[1] == machine[1] ? 0 : (double) (now[0] - machine[0]) / (now[1] - machine[1]);
        int cores = Runtime.getRuntime().availableProcessors();
        double jvm = (processCpu() - process) / 1e9 / seconds;
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "machine %.0f %% busy (%.2f of %d cores); this JVM %.2f cores", busy * 100, busy * cores, cores, jvm));
        Map<String, Long> used = new LinkedHashMap<>();
        long grouped = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            String group = group(thread.getName());
            long cpu = THREADS.getThreadCpuTime(thread.getId());
            if (group != null && cpu > 0) {
                long delta = Math.max(0, cpu - threads.getOrDefault(thread.getId(), 0L));
                used.merge(group, delta, Long::sum);
                grouped += delta;
            }
        }
        used.forEach((group, nanos) -> {
            if (nanos / 1e9 / seconds >= 0.01) {
                out.append(String.format(Locale.ROOT, ", %s %.2f", group, nanos / 1e9 / seconds));
            }
        });
        out.append(String.format(Locale.ROOT, ", the rest (GC, JIT, other threads) %.2f",
                Math.max(0, jvm - grouped / 1e9 / seconds)));
        out.append(String.format(Locale.ROOT, "; other processes (PostgreSQL, anything else running) %.2f cores",
                Math.max(0, busy * cores - jvm)));
        return out.toString();
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static Map<Long, Long> threads() {
        Map<Long, Long> cpu = new LinkedHashMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            cpu.put(thread.getId(), Math.max(0, THREADS.getThreadCpuTime(thread.getId())));
        }
        return cpu;
    }

    private static String group(String name) {
        for (Map.Entry<String, String> group : GROUPS.entrySet()) {
            if (name.startsWith(group.getKey())) {
                return group.getValue();
            }
        }
        return null;
    }

    /** Busy and total jiffies of all CPUs. */
    private static long[] machine() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long user = Long.parseLong(f[1]);
            long nice = Long.parseLong(f[2]);
            long system = Long.parseLong(f[3]);
            long idle = Long.parseLong(f[4]);
            long iowait = Long.parseLong(f[5]);
            long irq = Long.parseLong(f[6]);
            long softirq = Long.parseLong(f[7]);
            long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
            long busy = user + nice + system + irq + softirq + steal;
            return new long[]{busy, busy + idle + iowait};
        } catch (IOException | RuntimeException e) {
            return new long[]{0, 0};
        }
    }
}
