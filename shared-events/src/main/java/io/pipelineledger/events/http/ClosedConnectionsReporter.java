package io.pipelineledger.events.http;

import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Writes the closed-connections summary once per interval on a daemon thread of its own; a last one at shutdown. */
final class ClosedConnectionsReporter implements SmartLifecycle {

    private final ClosedConnectionsReport report;
    private final Duration interval;
    private ScheduledExecutorService timer;

    ClosedConnectionsReporter(ClosedConnectionsReport report, Duration interval) {
        this.report = report;
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "http-connections-report");
            thread.setDaemon(true);
            return thread;
        });
        long millis = Math.max(1, interval.toMillis());
        timer.scheduleAtFixedRate(report::flush, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
            report.flush();
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
