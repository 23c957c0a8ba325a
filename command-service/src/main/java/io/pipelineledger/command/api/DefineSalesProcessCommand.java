package io.pipelineledger.command.api;

import io.pipelineledger.events.Actor;
import io.pipelineledger.events.process.SalesProcess;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Define a new version of the sales process; defining the current one again changes nothing. {@code actor} is who
 * was authenticated, {@code onBehalfOf} whom the client said it acted for (null when it said nothing).
 */
public record DefineSalesProcessCommand(@TargetAggregateIdentifier String processId, SalesProcess process,
                                        Instant occurredAt, Actor actor, String onBehalfOf) {
}
