package io.pipelineledger.command.rates;

import io.pipelineledger.events.Actor;
import io.pipelineledger.events.money.ExchangeRate;

import java.time.Instant;

/** A rate as recorded: when ({@code recordedAt}, the ledger's clock), by whom, for whom, under which event id. */
public record RecordedRate(ExchangeRate rate, String eventId, Instant recordedAt, Actor actor, String onBehalfOf) {
}
