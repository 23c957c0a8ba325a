package io.pipelineledger.forecast.api;

import io.pipelineledger.events.ForecastSubmittedEvent;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Record a forecast (or a manager's override of it) as submitted to finance; the same submissionId twice is one.
 * The target is the event's id ({@code submission:<submissionId>}), so it never names an opportunity's stream.
 */
public record SubmitForecastCommand(@TargetAggregateIdentifier String aggregateId, ForecastSubmittedEvent event) {
}
