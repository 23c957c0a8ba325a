package io.pipelineledger.events;

import java.util.Objects;

/** What proves a milestone: its kind, a reference into the CRM (email, document, meeting id) and the buyer contact. */
public record Evidence(EvidenceKind kind, String reference, String buyerContact) {

    public Evidence {
        Objects.requireNonNull(kind, "kind");
    }
}
