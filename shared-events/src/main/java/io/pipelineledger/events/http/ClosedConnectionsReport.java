package io.pipelineledger.events.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * Connections closed by the limits, summed up in one log line per interval rather than one line per socket (a flood
 * of 20,000 half-open connections would otherwise write megabytes of warnings).
 */
final class ClosedConnectionsReport {

    private static final Logger log = LoggerFactory.getLogger(ClosedConnectionsReport.class);

    private final LongAdder headerTimeouts = new LongAdder();
    private final LongAdder idleTimeouts = new LongAdder();
    private final LongAdder abandoned = new LongAdder();
    private final LongAdder overTotal = new LongAdder();
    private final LongAdder overClient = new LongAdder();
    private final Duration headerTimeout;
    private final Duration idleTimeout;
    private final ConnectionLimits limits;
    private final Duration interval;

    ClosedConnectionsReport(Duration headerTimeout, Duration idleTimeout, ConnectionLimits limits, Duration interval) {
        this.headerTimeout = headerTimeout;
        this.idleTimeout = idleTimeout;
        this.limits = limits;
        this.interval = interval;
    }

    void headerTimedOut() {
        headerTimeouts.increment();
    }

    void idleTimedOut() {
        idleTimeouts.increment();
    }

    /** Closed by the client before its request's headers were complete. */
    void abandoned() {
        abandoned.increment();
    }

    void refused(ConnectionLimits.Admission why) {
        (why == ConnectionLimits.Admission.OVER_TOTAL ? overTotal : overClient).increment();
    }

    /** Logs what was closed since the last call, in one line; nothing when nothing was. */
    void flush() {
        String summary = summary(headerTimeouts.sumThenReset(), idleTimeouts.sumThenReset(), abandoned.sumThenReset(),
                overTotal.sumThenReset(), overClient.sumThenReset());
        if (summary != null) {
            log.warn(summary);
        }
    }

    String summary(long header, long idle, long dropped, long total, long client) {
        List<String> parts = new ArrayList<>();
        if (header > 0) {
            parts.add(String.format(Locale.ROOT, "closed %,d connections that did not send a full request within %s",
                    header, human(headerTimeout)));
        }
        if (idle > 0) {
            parts.add(String.format(Locale.ROOT, "closed %,d kept-alive connections idle for %s", idle,
                    human(idleTimeout)));
        }
        if (dropped > 0) {
            parts.add(String.format(Locale.ROOT, "%,d connections were closed by their clients before a full request",
                    dropped));
        }
        if (total > 0) {
            parts.add(String.format(Locale.ROOT, "refused %,d connections over the cap of %,d "
                    + "(ledger.http.max-connections)", total, limits.maxTotal()));
        }
        if (client > 0) {
            parts.add(String.format(Locale.ROOT, "refused %,d connections over the cap of %,d per client address "
                    + "(ledger.http.max-connections-per-client)", client, limits.maxPerClient()));
        }
        if (parts.isEmpty()) {
            return null;
        }
        String last = interval.equals(Duration.ofMinutes(1)) ? "minute" : human(interval);
        return "HTTP connections: " + String.join("; ", parts) + " in the last " + last
                + String.format(Locale.ROOT, " (%,d open now)", limits.open());
    }

    private static String human(Duration duration) {
        if (duration.toMillis() % 60_000 == 0 && duration.toMinutes() > 1) {
            return duration.toMinutes() + " min";
        }
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
