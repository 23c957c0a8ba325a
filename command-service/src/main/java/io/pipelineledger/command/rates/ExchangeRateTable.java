package io.pipelineledger.command.rates;

import io.pipelineledger.command.api.CommandRejectedException;
import io.pipelineledger.command.api.SetExchangeRatesCommand;
import io.pipelineledger.events.money.ExchangeRate;
import io.pipelineledger.events.money.ExchangeRateSetEvent;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The ledger's exchange rates: one event per rate that is new or corrects the one on record for its currency,
 * quote currency and date. Rates equal in value ({@code 1.08} and {@code 1.080}) are the same rate.
 */
@Aggregate(cache = "rateTableCache", commandTargetResolver = "ledgerCommandTargetResolver")
public class ExchangeRateTable {

    private record Key(String currency, String quoteCurrency, LocalDate validFrom) {
    }

    @AggregateIdentifier
    private String tableId;
    private final Map<Key, BigDecimal> current = new HashMap<>();
    /** Rates recorded per currency and date (any quote): the n of the next event id. */
    private final Map<String, Integer> recordedPerDate = new HashMap<>();

    protected ExchangeRateTable() {
        // for Axon
    }

    /**
     * What a command recorded (empty when every rate was already on record) and the table's version after it (the
     * sequence number of its last event, -1 for none): the service tells a stale cached table by it.
     */
    public record Outcome(List<ExchangeRate> recorded, long version) {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public Outcome handle(SetExchangeRatesCommand command) throws CommandRejectedException {
        if (command.rates().isEmpty()) {
            throw new CommandRejectedException(400, "rates", "rates must list at least one rate");
        }
        Map<Key, BigDecimal> asked = new HashMap<>();
        List<ExchangeRate> changes = new ArrayList<>();
        for (int i = 0; i < command.rates().size(); i++) {
            ExchangeRate rate = command.rates().get(i);
            Key key = new Key(rate.currency(), rate.quoteCurrency(), rate.validFrom());
            BigDecimal before = asked.putIfAbsent(key, rate.rate());
            if (before != null) {
                if (before.compareTo(rate.rate()) != 0) {
                    throw new CommandRejectedException(400, "rates[" + i + "].rate", "rates[" + i + "] sets "
                            + rate.currency() + " from " + rate.validFrom() + " to " + rate.rate().toPlainString()
                            + " but an earlier entry set it to " + before.toPlainString());
                }
                continue;
            }
            BigDecimal onRecord = current.get(key);
            if (onRecord == null || onRecord.compareTo(rate.rate()) != 0) {
                changes.add(rate);
            }
        }
        // validated in full before anything is applied: a refused command records nothing
        String[] eventIds = new String[changes.size()];
        Map<String, Integer> counts = new HashMap<>(recordedPerDate);
        for (int i = 0; i < changes.size(); i++) {
            ExchangeRate rate = changes.get(i);
            String perDate = rate.currency() + ":" + rate.validFrom();
            int n = counts.merge(perDate, 1, Integer::sum);
            eventIds[i] = "rate:" + perDate + ":" + n;
        }
        for (int i = 0; i < changes.size(); i++) {
            ExchangeRate rate = changes.get(i);
            apply(new ExchangeRateSetEvent(eventIds[i], command.tableId(), command.occurredAt(), rate.currency(),
                    rate.validFrom(), rate.rate(), rate.quoteCurrency(), command.actor(), command.onBehalfOf()));
        }
        Long version = AggregateLifecycle.getVersion();
        return new Outcome(changes, version == null ? -1 : version);
    }

    @EventSourcingHandler
    void on(ExchangeRateSetEvent event) {
        tableId = event.tableId();
        current.put(new Key(event.currency(), event.quoteCurrency(), event.validFrom()), event.rate());
        recordedPerDate.merge(event.currency() + ":" + event.validFrom(), 1, Integer::sum);
    }
}
