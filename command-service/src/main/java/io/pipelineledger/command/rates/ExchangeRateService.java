package io.pipelineledger.command.rates;

import io.pipelineledger.command.api.CommandRejectedException;
import io.pipelineledger.command.api.SetExchangeRatesCommand;
import io.pipelineledger.events.Actor;
import io.pipelineledger.events.money.ExchangeRate;
import io.pipelineledger.events.money.ExchangeRateSetEvent;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.Cache;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletionException;

/** Sets exchange rates and answers which are on record. Blocking: call it off the event loop. */
@Service
public class ExchangeRateService {

    private final CommandGateway commandGateway;
    private final EventSourcedRateCatalog catalog;
    private final Clock clock;
    private final String reportingCurrency;
    private final Cache tableCache;
    /** The table's version after this instance's last command: the cached table is that one. */
    private long cachedVersion = Long.MIN_VALUE;

    public ExchangeRateService(CommandGateway commandGateway, EventSourcedRateCatalog catalog, Clock clock,
                               @Value("${ledger.reporting-currency:USD}") String reportingCurrency,
                               @Qualifier("rateTableCache") Cache tableCache) {
        this.tableCache = tableCache;
        this.commandGateway = commandGateway;
        this.catalog = catalog;
        this.clock = clock;
        this.reportingCurrency = reportingCurrency;
    }

    public String reportingCurrency() {
        return reportingCurrency;
    }

    /**
     * Records every rate that is new or differs from the one on record, all or none; returns those recorded.
     * {@code actor} is who was authenticated; {@code onBehalfOf} whom the client said it acted for, or null.
     */
    public synchronized List<ExchangeRate> set(List<ExchangeRate> rates, Actor actor, String onBehalfOf)
            throws CommandRejectedException {
        catalog.refresh();
        if (catalog.lastSequence() != cachedVersion) {
            // another instance recorded rates since: decide against the store, not a stale cached table
            tableCache.remove(ExchangeRateSetEvent.TABLE_ID);
        }
        SetExchangeRatesCommand command = new SetExchangeRatesCommand(ExchangeRateSetEvent.TABLE_ID, rates,
                clock.instant(), actor, onBehalfOf);
        try {
            return send(command);
        } catch (ConcurrencyException firstTableRaced) {
            // two first PUTs both created the table; the loser's rates are decided again against the winner's
            tableCache.remove(ExchangeRateSetEvent.TABLE_ID);
            return send(command);
        } finally {
            catalog.refresh();
        }
    }

    private List<ExchangeRate> send(SetExchangeRatesCommand command) throws CommandRejectedException {
        try {
            ExchangeRateTable.Outcome outcome = (ExchangeRateTable.Outcome) commandGateway.send(command).join();
            cachedVersion = outcome.version();
            return outcome.recorded();
        } catch (CompletionException e) {
            if (e.getCause() instanceof CommandRejectedException rejected) {
                throw rejected;
            }
            if (e.getCause() instanceof ConcurrencyException raced) {
                throw raced;
            }
            throw e;
        }
    }

    public List<RecordedRate> all() {
        return catalog.all();
    }

    public List<RecordedRate> inForce(LocalDate on) {
        return catalog.inForce(on);
    }
}
