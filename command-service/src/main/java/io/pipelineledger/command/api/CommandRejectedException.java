package io.pipelineledger.command.api;

import io.pipelineledger.events.ids.MilestoneId;

import java.util.List;

/**
 * Why the ledger refused a command: an HTTP-style status (400 malformed, 404 unknown opportunity, 409 conflicts
 * with the recorded state, 422 not valid for the process), the input field at fault and, for blocked stage
 * advances, the unmet exit criteria. Nothing was recorded.
 *
 * <p>Checked on purpose: Axon rolls a unit of work back only for unchecked exceptions, so a refused command
 * leaves the batch it is part of (and the aggregates loaded in it) untouched.
 */
public class CommandRejectedException extends Exception {

    private final int status;
    private final String field;
    private final List<MilestoneId> unmetExitCriteria;

    public CommandRejectedException(int status, String field, String message, List<MilestoneId> unmetExitCriteria) {
        super(message, null, false, false);
        this.status = status;
        this.field = field;
        this.unmetExitCriteria = List.copyOf(unmetExitCriteria);
    }

    public CommandRejectedException(int status, String field, String message) {
        this(status, field, message, List.of());
    }

    public static CommandRejectedException invalid(String field, String message) {
        return new CommandRejectedException(422, field, message);
    }

    public static CommandRejectedException conflict(String field, String message) {
        return new CommandRejectedException(409, field, message);
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }

    public List<MilestoneId> unmetExitCriteria() {
        return unmetExitCriteria;
    }
}
