package io.pipelineledger.command.ingest;

/**
 * What a text field may hold. No control characters (C0, DEL, C1 — which covers NUL and the ESC of ANSI escape
 * sequences), no half of a surrogate pair, no noncharacter U+FFFE/U+FFFF (the CSV reader also marks bytes that are
 * not UTF-8 with U+FFFF). Free text that may span lines (a loss reason, an evidence reference, a criterion's
 * description) may also hold tab, line feed and carriage return; identifiers and one-line values may not.
 */
public final class TextRules {

    /** Stands for bytes that were not UTF-8 where text is decoded leniently (CSV); refused like any noncharacter. */
    public static final char NOT_UTF8 = '\uFFFF';

    private TextRules() {
    }

    /** Why the text may not be stored, or null when it may. */
    public static String problem(String text, boolean multiline) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7F) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                // JSON can escape half a character (\uD800); it is not text and cannot be stored as UTF-8
                return "must be valid Unicode (it holds half of a surrogate pair)";
            } else if (c == NOT_UTF8 || c == '\uFFFE') {
                return "must be valid UTF-8 text (it holds bytes that are not UTF-8 or a noncharacter)";
            } else if (multiline && (c == '\t' || c == '\n' || c == '\r')) {
                continue;
            } else if (Character.isISOControl(c)) {
                return "must not hold control characters (found U+" + String.format("%04X", (int) c) + ")"
                        + (multiline ? "; only tab and line breaks are allowed" : "");
            }
        }
        return null;
    }
}
