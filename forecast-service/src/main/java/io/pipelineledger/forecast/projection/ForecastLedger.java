package io.pipelineledger.forecast.projection;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelineledger.events.EventJson;
import io.pipelineledger.events.ForecastSubmittedEvent;
import io.pipelineledger.events.OpportunityEvent;
import io.pipelineledger.events.money.ExchangeRate;
import io.pipelineledger.events.money.ExchangeRateSetEvent;
import io.pipelineledger.events.money.ExchangeRates;
import io.pipelineledger.events.process.DefaultSalesProcess;
import io.pipelineledger.events.process.SalesProcess;
import io.pipelineledger.forecast.engine.DealHistories;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The forecast service's read model: every deal's history (the facts the forecast reads), the sales process in
 * force, the exchange rates, and the forecasts submitted to finance. {@link #version} counts changes, so a forecast computed from one
 * version can be reused until the next. Its whole state can be written and read back ({@link #write},
 * {@link #restore}: the snapshot a restart starts from). Thread-safe.
 */
public final class ForecastLedger {

    private static final ObjectMapper JSON = EventJson.mapper();

    /**
     * A consistent view for one forecast: the deals, the process, the rates and the version they are from. The
     * rates are the live table (a rate set later changes the version, so nothing cached outlives it).
     * {@code settingsVersion} counts only the changes of the process and the rates: with the facts before an as-of
     * ({@link DealHistories#factsBefore}) it tells whether anything learned as of that instant can have changed.
     */
    public record View(DealHistories deals, SalesProcess process, ExchangeRates rates, long version,
                       long settingsVersion) {
    }

    private DealHistories.Builder builder = DealHistories.builder();
    /** Each deal's highest applied event sequence number (its events arrive in order): a redelivery is skipped. */
    private final Map<String, Long> lastSequence = new HashMap<>();
    private final List<ForecastSubmittedEvent> submissions = new ArrayList<>();
    private ExchangeRates rates = new ExchangeRates();
    private SalesProcess process = DefaultSalesProcess.get();
    private int processVersion;
    private long version;
    private long settingsVersion;
    private View view;
    /** Events handed to this read model since the process started (redeliveries included). */
    private long received;

    /** Adds a fact, taken as recorded at its business time (tests and tools that have no recording time). */
    public void apply(OpportunityEvent event, long sequence) {
        apply(event, sequence, event.occurredAt());
    }

    /**
     * Adds a fact of the deal with its aggregate sequence number (negative: unknown, always added) and the instant
     * the ledger recorded it (the event message's timestamp; null: its business time).
     */
    public synchronized void apply(OpportunityEvent event, long sequence, Instant recordedAt) {
        received++;
        if (sequence >= 0) {
            Long last = lastSequence.get(event.opportunityId().value());
            if (last != null && sequence <= last) {
                return;
            }
            lastSequence.put(event.opportunityId().value(), sequence);
        }
        if (builder.add(event, recordedAt)) {
            version++;
        }
    }

    /** The process deals are forecast under: the latest version defined. */
    public synchronized void defineProcess(int version, SalesProcess defined) {
        received++;
        if (version >= processVersion) {
            processVersion = version;
            process = defined;
            this.version++;
            settingsVersion++;
        }
    }

    /** A dated rate (a redelivery records the same rate again: no change). */
    public synchronized void rateSet(ExchangeRateSetEvent event) {
        received++;
        rates.record(event);
        version++;
        settingsVersion++;
    }

    /** The rates on record (a live table: read it, do not keep figures from it across versions). */
    public synchronized ExchangeRates rates() {
        return rates;
    }

    public synchronized void submitted(ForecastSubmittedEvent event) {
        received++;
        addSubmission(event);
    }

    /**
     * A submission this service has just recorded, added before the projection delivers it so that a read right
     * after the write sees it. Not counted as received: the projection's delivery, later, is (and adds nothing).
     */
    public synchronized void recordedHere(ForecastSubmittedEvent event) {
        addSubmission(event);
    }

    /** Once per submissionId: the first copy stays. */
    private void addSubmission(ForecastSubmittedEvent event) {
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

    /**
     * The deals as they are now; built again only after something changed, and then cheaply: the histories are
     * persistent, a new view shares every deal no fact touched since the previous one.
     */
    public synchronized View view() {
        if (view == null || view.version() != version) {
            view = new View(builder.build(), process, rates, version, settingsVersion);
        }
        return view;
    }

    public synchronized long version() {
        return version;
    }

    /** Events handed to this read model since the start (a restart from a snapshot receives only the tail). */
    public synchronized long received() {
        return received;
    }

    /**
     * Writes the whole state: deals (as collected, with their currencies), each deal's last sequence, the process,
     * the exchange rates, the submissions.
     */
    public synchronized void write(DataOutput out) throws IOException {
        out.writeLong(version);
        out.writeInt(processVersion);
        writeJson(out, process);
        List<ExchangeRate> all = rates.all();
        out.writeInt(all.size());
        for (ExchangeRate rate : all) {
            out.writeUTF(rate.currency());
            out.writeUTF(rate.quoteCurrency());
            out.writeLong(rate.validFrom().toEpochDay());
            out.writeUTF(rate.rate().toString());
        }
        out.writeInt(submissions.size());
        for (ForecastSubmittedEvent submission : submissions) {
            writeJson(out, submission);
        }
        out.writeInt(lastSequence.size());
        for (Map.Entry<String, Long> entry : lastSequence.entrySet()) {
            out.writeUTF(entry.getKey());
            out.writeLong(entry.getValue());
        }
        builder.write(out);
    }

    /** Replaces the whole state with what {@link #write} wrote; on failure nothing changes. */
    public synchronized void restore(DataInput in) throws IOException {
        long readVersion = in.readLong();
        int readProcessVersion = in.readInt();
        SalesProcess readProcess = readJson(in, SalesProcess.class);
        int count = in.readInt();
        if (count < 0) {
            throw new IOException("a negative count of exchange rates");
        }
        List<ExchangeRate> readRates = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String currency = in.readUTF();
            String quote = in.readUTF();
            LocalDate from = LocalDate.ofEpochDay(in.readLong());
            readRates.add(new ExchangeRate(currency, from, new BigDecimal(in.readUTF()), quote));
        }
        count = in.readInt();
        List<ForecastSubmittedEvent> readSubmissions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            readSubmissions.add(readJson(in, ForecastSubmittedEvent.class));
        }
        count = in.readInt();
        Map<String, Long> readSequences = new HashMap<>(Math.max(16, count * 4 / 3));
        for (int i = 0; i < count; i++) {
            readSequences.put(in.readUTF(), in.readLong());
        }
        DealHistories.Builder readBuilder = DealHistories.Builder.read(in);
        builder = readBuilder;
        ExchangeRates restored = new ExchangeRates();
        readRates.forEach(restored::record);
        rates = restored;
        lastSequence.clear();
        lastSequence.putAll(readSequences);
        submissions.clear();
        submissions.addAll(readSubmissions);
        processVersion = readProcessVersion;
        process = readProcess == null ? DefaultSalesProcess.get() : readProcess;
        version = readVersion + 1; // a view built before the restore is never taken for this one
        settingsVersion++;
        view = null;
    }

    private static void writeJson(DataOutput out, Object value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = JSON.writeValueAsBytes(value);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static <T> T readJson(DataInput in, Class<T> type) throws IOException {
        int length = in.readInt();
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > 64 << 20) {
            throw new IOException("a JSON value of " + length + " bytes");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return JSON.readValue(new String(bytes, StandardCharsets.UTF_8), type);
    }
}
