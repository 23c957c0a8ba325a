package io.pipelineledger.query.model;

import io.pipelineledger.events.ids.OpportunityId;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The facts one batch added to the {@link DealLedger}, in its durable binary form: written as one row, it makes
 * the batch durable without rewriting every deal it touched ({@link DealLedger#applyChanges} reads it back).
 */
public final class ChangeLog {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(4_096);
    private final DataOutputStream out = new DataOutputStream(bytes);
    private final Set<OpportunityId> deals = new LinkedHashSet<>();
    private int facts;

    DataOutputStream out() {
        return out;
    }

    void added(OpportunityId deal) {
        deals.add(deal);
        facts++;
    }

    public int facts() {
        return facts;
    }

    /** The deals the logged facts belong to. */
    public Set<OpportunityId> deals() {
        return deals;
    }

    public byte[] bytes() {
        return bytes.toByteArray();
    }
}
