package io.pipelineledger.command.api;

import io.pipelineledger.events.process.SalesProcess;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Define a new version of the sales process; defining the current one again changes nothing. */
public record DefineSalesProcessCommand(@TargetAggregateIdentifier String processId, SalesProcess process,
                                        Instant occurredAt, String definedBy) {
}
