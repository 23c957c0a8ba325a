package io.pipelineledger.query.live;

/**
 * One live dashboard as it is sent: the facts it includes (the server-sent event's id) and its JSON, serialized
 * once for every subscriber of the view.
 */
public record LiveView(long factsApplied, String json) {
}
