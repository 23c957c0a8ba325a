package io.pipelineledger.command.api;

import io.pipelineledger.events.Actor;
import io.pipelineledger.events.money.ExchangeRate;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/**
 * Set dated exchange rates, all or none: each rate that is new, or differs from the one on record for its currency,
 * quote currency and date, is recorded; the same rate again changes nothing. {@code actor} is who was
 * authenticated, {@code onBehalfOf} whom the client said it acted for (null when it said nothing).
 */
public record SetExchangeRatesCommand(@TargetAggregateIdentifier String tableId, List<ExchangeRate> rates,
                                      Instant occurredAt, Actor actor, String onBehalfOf) {

    public SetExchangeRatesCommand {
        rates = List.copyOf(rates);
    }
}
