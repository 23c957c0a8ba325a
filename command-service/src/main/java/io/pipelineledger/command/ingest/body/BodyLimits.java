package io.pipelineledger.command.ingest.body;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;

/**
 * The limits an event body is read under, enforced token by token as the bytes arrive: the body refused as soon
 * as one is crossed, before the rest is read. Numbers are refused by their length before any value is built from
 * them (BigDecimal parsing is quadratic in the digits); strings are bounded by the body size here and per field by
 * the event rules.
 */
public record BodyLimits(int maxEvents, long maxBodyBytes) {

    /** The longest number, in characters: amounts need ~25 ("999999999999999.999999"). */
    public static final int MAX_NUMBER_LENGTH = 40;
    /** An event nests three levels (array, event, evidence); anything deeper is not an event. */
    public static final int MAX_NESTING_DEPTH = 16;
    public static final int MAX_NAME_LENGTH = 256;

    public JsonFactory jsonFactory() {
        return JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxNameLength(MAX_NAME_LENGTH)
                .maxStringLength((int) Math.min(Integer.MAX_VALUE, maxBodyBytes))
                .build()).build();
    }
}
