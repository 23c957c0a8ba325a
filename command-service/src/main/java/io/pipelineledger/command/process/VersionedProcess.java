package io.pipelineledger.command.process;

import io.pipelineledger.events.process.SalesProcess;

import java.time.Instant;

/** One recorded version of the sales process. */
public record VersionedProcess(int version, SalesProcess process, Instant definedAt, Instant recordedAt,
                               String definedBy) {
}
