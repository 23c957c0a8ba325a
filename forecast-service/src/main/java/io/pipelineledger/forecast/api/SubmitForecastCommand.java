package io.pipelineledger.forecast.api;

import io.pipelineledger.events.ForecastSubmittedEvent;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Record a forecast (or a manager's override of it) as submitted to finance; the same submissionId twice is one. */
public record SubmitForecastCommand(@TargetAggregateIdentifier String submissionId, ForecastSubmittedEvent event) {
}
