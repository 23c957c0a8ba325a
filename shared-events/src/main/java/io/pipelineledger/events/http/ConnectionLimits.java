package io.pipelineledger.events.http;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts open connections, in all and per remote address, and admits a new one only below both caps: one client
 * cannot take every connection, so others (health probes, keyed clients) still get in.
 */
final class ConnectionLimits {

    enum Admission { ADMITTED, OVER_TOTAL, OVER_CLIENT }

    private final int maxTotal;
    private final int maxPerClient;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, Integer> perClient = new ConcurrentHashMap<>();

    ConnectionLimits(int maxTotal, int maxPerClient) {
        if (maxTotal < 1 || maxPerClient < 1) {
            throw new IllegalArgumentException("connection caps must be at least 1");
        }
        this.maxTotal = maxTotal;
        this.maxPerClient = Math.min(maxPerClient, maxTotal);
    }

    /** Takes a place for a connection from {@code client}; when admitted, {@link #release} must follow its close. */
    Admission admit(InetAddress client) {
        if (open.incrementAndGet() > maxTotal) {
            open.decrementAndGet();
            return Admission.OVER_TOTAL;
        }
        boolean[] over = {false};
        perClient.compute(client, (address, count) -> {
            int current = count == null ? 0 : count;
            if (current >= maxPerClient) {
                over[0] = true;
                return count;
            }
            return current + 1;
        });
        if (over[0]) {
            open.decrementAndGet();
            return Admission.OVER_CLIENT;
        }
        return Admission.ADMITTED;
    }

    void release(InetAddress client) {
        perClient.computeIfPresent(client, (address, count) -> count <= 1 ? null : count - 1);
        open.decrementAndGet();
    }

    int open() {
        return open.get();
    }

    int maxTotal() {
        return maxTotal;
    }

    int maxPerClient() {
        return maxPerClient;
    }

    /** 8,192, but at most half the file-descriptor limit; a quarter of that per client, unless configured. */
    static ConnectionLimits of(HttpConnectionProperties properties, long fileDescriptorLimit) {
        int total = properties.getMaxConnections() != null ? properties.getMaxConnections()
                : (int) Math.max(64, Math.min(8_192, fileDescriptorLimit / 2));
        int perClient = properties.getMaxConnectionsPerClient() != null ? properties.getMaxConnectionsPerClient()
                : Math.max(1, total / 4);
        return new ConnectionLimits(total, perClient);
    }
}
