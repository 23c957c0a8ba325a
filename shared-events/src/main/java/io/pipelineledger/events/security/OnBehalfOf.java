package io.pipelineledger.events.security;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Whom a client says it acts for ({@code X-Ledger-Actor}, a submission's {@code submittedBy}): stored next to the
 * authenticated actor, never instead of it. One line of up to 200 characters of text: no control or format
 * characters (NUL, ESC, bidi overrides), no line separators, no lone surrogates. Refusals never echo the value.
 */
public final class OnBehalfOf {

    public static final int MAX_LENGTH = 200;

    private OnBehalfOf() {
    }

    /**
     * The stripped name, or null when none was given (null or blank).
     *
     * @throws IllegalArgumentException saying which rule the name breaks
     */
    public static String check(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String name = value.strip();
        if (name.codePointCount(0, name.length()) > MAX_LENGTH) {
            throw new IllegalArgumentException("at most " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
                i++;
                continue;
            }
            if (!allowed(c)) {
                throw new IllegalArgumentException("one line of text: no control or format characters, line "
                        + "separators or lone surrogates");
            }
        }
        return name;
    }

    /**
     * A header's value as UTF-8: the server hands header bytes over one per character (ISO-8859-1), so a name such
     * as "José" arrives as its UTF-8 bytes and is decoded here; bytes that are not UTF-8 are refused.
     *
     * @throws IllegalArgumentException when the bytes are not UTF-8 or the name breaks a rule of {@link #check}
     */
    public static String fromHeader(String value) {
        if (value == null || value.chars().anyMatch(c -> c > 0xFF)) {
            return check(value);
        }
        try {
            CharBuffer decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value.getBytes(StandardCharsets.ISO_8859_1)));
            return check(decoded.toString());
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("must be UTF-8");
        }
    }

    /** Printable text: not a control, format, surrogate, line or paragraph separator, unassigned or private one. */
    static boolean allowed(int c) {
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.LINE_SEPARATOR,
                 Character.PARAGRAPH_SEPARATOR, Character.UNASSIGNED, Character.PRIVATE_USE -> false;
            default -> true;
        };
    }
}
