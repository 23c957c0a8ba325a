package io.pipelineledger.forecast.web;

import java.math.BigDecimal;

/**
 * What a submission's free text and override may hold: they are stored forever in an immutable event and shown to
 * finance, so no control characters (NUL, ANSI escapes), no bidirectional overrides, no lone surrogates, and an
 * override that is an amount a ledger can hold.
 */
final class SubmissionChecks {

    /** Overrides are below 10^15 (the 15 whole digits amounts have), with at most 4 decimals. */
    static final BigDecimal OVERRIDE_LIMIT = new BigDecimal("1E15");
    static final int MAX_DECIMALS = 4;

    private SubmissionChecks() {
    }

    /**
     * Null when the text is acceptable, else what is wrong with it. {@code multiline}: line breaks and tabs allowed
     * (a reason), otherwise one line (a name).
     */
    static String textProblem(String text, boolean multiline) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "holds an unpaired surrogate (not valid Unicode text) at position " + i;
            } else if (Character.isISOControl(c) && !(multiline && (c == '\n' || c == '\r' || c == '\t'))) {
                return "holds a control character (U+" + String.format("%04X", (int) c) + ") at position " + i;
            } else if ((c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')) {
                return "holds a bidirectional override (U+" + String.format("%04X", (int) c) + ") at position " + i;
            }
        }
        return null;
    }

    /**
     * True for an amount of at least 0, below {@link #OVERRIDE_LIMIT}, with at most 4 decimals. Compares values
     * rather than precision − scale, which overflows an int for 1E+2147483647.
     */
    static boolean overrideAcceptable(BigDecimal override) {
        return override.signum() >= 0 && override.compareTo(OVERRIDE_LIMIT) < 0
                && override.stripTrailingZeros().scale() <= MAX_DECIMALS;
    }
}
