package io.pipelineledger.command.process;

import io.pipelineledger.events.Actor;
import io.pipelineledger.events.process.DefaultSalesProcess;
import io.pipelineledger.events.process.Enforcement;
import io.pipelineledger.events.process.SalesProcess;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** An in-memory catalog for aggregate tests: fixed versions, the highest one current. */
public final class FixedProcessCatalog implements ProcessCatalog {

    /** The default seven-stage process, recording advances with unmet criteria. */
    public static final int RECORDING = 1;
    /** The same stages, but refusing advances with unmet required criteria. */
    public static final int REJECTING = 2;

    private final TreeMap<Integer, VersionedProcess> versions = new TreeMap<>();

    public FixedProcessCatalog(SalesProcess... processes) {
        for (SalesProcess process : processes) {
            int version = versions.size() + 1;
            versions.put(version, new VersionedProcess(version, process, Instant.EPOCH, Instant.EPOCH,
                    Actor.LEDGER_DEFAULT, null));
        }
    }

    /** Version 1: the default process; version 2 (current): the default stages with REJECT enforcement. */
    public static FixedProcessCatalog defaultAndRejecting() {
        return new FixedProcessCatalog(DefaultSalesProcess.get(), rejecting(DefaultSalesProcess.get()));
    }

    public static SalesProcess rejecting(SalesProcess process) {
        return new SalesProcess(process.stages(), Enforcement.REJECT);
    }

    @Override
    public VersionedProcess current() {
        return versions.lastEntry().getValue();
    }

    @Override
    public Optional<VersionedProcess> version(int version) {
        return Optional.ofNullable(versions.get(version));
    }

    @Override
    public List<VersionedProcess> versions() {
        return List.copyOf(versions.values());
    }
}
