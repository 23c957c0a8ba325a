package io.pipelineledger.events;

/**
 * How a milestone was evidenced. Everything but {@link #SELLER_ASSERTION} is an inspectable record of the buyer
 * doing something; a seller's word alone only satisfies criteria that ask for no more.
 */
public enum EvidenceKind {
    /** The buyer did something visible in the CRM: accepted a meeting, replied in writing, attended. */
    BUYER_ACTION,
    /** A document from the buyer: signed order form, redlined proposal, written budget confirmation. */
    DOCUMENT,
    /** A record in another system of record: payment received, procurement portal entry. */
    SYSTEM_RECORD,
    /** The rep says it happened; not buyer-verified. */
    SELLER_ASSERTION;

    /** Whether evidence of this kind satisfies a criterion that asks for {@code required}. */
    public boolean satisfies(EvidenceKind required) {
        return this != SELLER_ASSERTION || required == SELLER_ASSERTION;
    }
}
