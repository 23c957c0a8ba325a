package io.pipelineledger.forecast.projection;

import io.pipelineledger.events.ForecastSubmittedEvent;
import io.pipelineledger.events.OpportunityEvent;
import io.pipelineledger.events.process.DefaultSalesProcess;
import io.pipelineledger.events.process.SalesProcess;
import io.pipelineledger.forecast.engine.DealHistories;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The forecast service's read model: every deal's history (the facts the forecast reads), the sales process in
 * force, and the forecasts submitted to finance. {@link #version} counts changes, so a forecast computed from one
 * version can be reused until the next. Thread-safe.
 */
public final class ForecastLedger {

    /** A consistent view for one forecast: the deals, the process and the version they are from. */
    public record View(DealHistories deals, SalesProcess process, long version) {
    }

    private final DealHistories.Builder builder = DealHistories.builder();
    /** Each deal's highest applied event sequence number (its events arrive in order): a redelivery is skipped. */
    private final Map<String, Long> lastSequence = new HashMap<>();
    private final List<ForecastSubmittedEvent> submissions = new ArrayList<>();
    private SalesProcess process = DefaultSalesProcess.get();
    private int processVersion;
    private long version;
    private View view;

    /** Adds a fact of the deal with its aggregate sequence number (negative: unknown, always added). */
    public synchronized void apply(OpportunityEvent event, long sequence) {
        if (sequence >= 0) {
            Long last = lastSequence.get(event.opportunityId().value());
            if (last != null && sequence <= last) {
                return;
            }
            lastSequence.put(event.opportunityId().value(), sequence);
        }
        if (builder.add(event)) {
            version++;
        }
    }

    /** The process deals are forecast under: the latest version defined. */
    public synchronized void defineProcess(int version, SalesProcess defined) {
        if (version >= processVersion) {
            processVersion = version;
            process = defined;
            this.version++;
        }
    }

    public synchronized void submitted(ForecastSubmittedEvent event) {
        if (submissions.stream().noneMatch(s -> s.submissionId().equals(event.submissionId()))) {
            submissions.add(event);
        }
    }

    /** The submissions, oldest first. */
    public synchronized List<ForecastSubmittedEvent> submissions() {
        List<ForecastSubmittedEvent> list = new ArrayList<>(submissions);
        list.sort(Comparator.comparing(ForecastSubmittedEvent::occurredAt));
        return list;
    }

    /** The deals as they are now; built again only after something changed. */
    public synchronized View view() {
        if (view == null || view.version() != version) {
            view = new View(builder.build(), process, version);
        }
        return view;
    }

    public synchronized long version() {
        return version;
    }
}
