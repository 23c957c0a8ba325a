package io.pipelineledger.command.process;

import io.pipelineledger.events.Actor;
import io.pipelineledger.events.process.SalesProcess;

import java.time.Instant;

/**
 * One recorded version of the sales process; {@code actor} is who defined it as authenticated (null for versions a
 * client recorded before the ledger kept it), {@code onBehalfOf} whom the client said it acted for.
 */
public record VersionedProcess(int version, SalesProcess process, Instant definedAt, Instant recordedAt,
                               Actor actor, String onBehalfOf) {

    /** The actor in one line ({@code apiKey:5f6t92nw}, {@code ledger:default}); null when it is not known. */
    public String definedBy() {
        return actor == null ? null : actor.label();
    }
}
