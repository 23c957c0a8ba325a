package io.pipelineledger.command.rates;

import io.pipelineledger.events.money.ExchangeRateSetEvent;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The exchange rates read from the rate table's own event stream, so they survive restarts with the events and
 * include what other command-service instances recorded. A correction (same currency, quote currency and date)
 * replaces what it corrects; the earlier event stays in the store. Refreshing is blocking: call it off the event
 * loop. Kept apart from {@code ExchangeRates}, which copies its table per rate: a 10,000-rate PUT would be quadratic.
 */
@Component
public class EventSourcedRateCatalog {

    private final EventStore eventStore;
    /** quote currency → currency → validFrom → recording; sorted, so listings come out in order. */
    private final Map<String, Map<String, TreeMap<LocalDate, RecordedRate>>> table = new TreeMap<>();
    private long nextSequence;

    public EventSourcedRateCatalog(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    /** Reads the rates recorded since the last one known (by this or another instance). */
    public synchronized void refresh() {
        eventStore.readEvents(ExchangeRateSetEvent.TABLE_ID, nextSequence).asStream().forEach(this::add);
    }

    /** The sequence number of the table's last event read, -1 for none. */
    public synchronized long lastSequence() {
        return nextSequence - 1;
    }

    /** Every rate on record, by quote currency, currency and date. */
    public synchronized List<RecordedRate> all() {
        refresh();
        List<RecordedRate> all = new ArrayList<>();
        table.values().forEach(byCurrency -> byCurrency.values().forEach(dates -> all.addAll(dates.values())));
        return all;
    }

    /** The rate of each currency (per quote currency) in force on {@code on}. */
    public synchronized List<RecordedRate> inForce(LocalDate on) {
        refresh();
        List<RecordedRate> inForce = new ArrayList<>();
        table.values().forEach(byCurrency -> byCurrency.values().forEach(dates -> {
            Map.Entry<LocalDate, RecordedRate> entry = dates.floorEntry(on);
            if (entry != null) {
                inForce.add(entry.getValue());
            }
        }));
        return inForce;
    }

    private void add(DomainEventMessage<?> message) {
        nextSequence = message.getSequenceNumber() + 1;
        if (message.getPayload() instanceof ExchangeRateSetEvent set) {
            table.computeIfAbsent(set.quoteCurrency(), q -> new TreeMap<>())
                    .computeIfAbsent(set.currency(), c -> new TreeMap<>())
                    .put(set.validFrom(), new RecordedRate(set.toRate(), set.eventId(), message.getTimestamp(),
                            set.actor(), set.onBehalfOf()));
        }
    }
}
