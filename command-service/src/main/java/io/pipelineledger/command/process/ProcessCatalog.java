package io.pipelineledger.command.process;

import java.util.List;
import java.util.Optional;

/** The versions of the sales process, as the opportunity aggregate needs them to validate and classify. */
public interface ProcessCatalog {

    VersionedProcess current();

    Optional<VersionedProcess> version(int version);

    List<VersionedProcess> versions();
}
