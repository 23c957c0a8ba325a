package io.pipelineledger.command.ingest;

import io.pipelineledger.command.api.CommandRejectedException;

/** What became of one CRM event: recorded, recognised as a duplicate, or refused (and why). */
public record Outcome(Status status, CommandRejectedException rejection) {

    public enum Status { ACCEPTED, DUPLICATE, REJECTED }

    public static final Outcome ACCEPTED = new Outcome(Status.ACCEPTED, null);
    public static final Outcome DUPLICATE = new Outcome(Status.DUPLICATE, null);

    public static Outcome rejected(CommandRejectedException rejection) {
        return new Outcome(Status.REJECTED, rejection);
    }
}
