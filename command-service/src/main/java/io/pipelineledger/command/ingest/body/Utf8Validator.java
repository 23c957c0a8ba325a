package io.pipelineledger.command.ingest.body;

/**
 * Well-formed UTF-8 as RFC 3629 defines it, checked as bytes arrive (a sequence may span chunks). Refuses what
 * lenient decoders let through: overlong forms ({@code C0 AF} for '/'), encoded surrogates ({@code ED A0 80}),
 * code points above U+10FFFF, stray continuation bytes and sequences cut short.
 */
public final class Utf8Validator {

    private int pending;
    private int lower = 0x80;
    private int upper = 0xBF;

    /** The index of the first byte in {@code [from, to)} that breaks UTF-8, or -1 when all are fine so far. */
    public int firstInvalid(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            int b = bytes[i] & 0xFF;
            if (pending == 0) {
                if (b < 0x80) {
                    continue;
                }
                if (!lead(b)) {
                    return i;
                }
            } else {
                if (b < lower || b > upper) {
                    return i;
                }
                lower = 0x80;
                upper = 0xBF;
                pending--;
            }
        }
        return -1;
    }

    /** False when the input stopped inside a multi-byte sequence. */
    public boolean complete() {
        return pending == 0;
    }

    private boolean lead(int b) {
        if (b >= 0xC2 && b <= 0xDF) {
            pending = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
            pending = 2;
            lower = b == 0xE0 ? 0xA0 : 0x80; // E0 80..9F would be overlong
            upper = b == 0xED ? 0x9F : 0xBF; // ED A0..BF would be a surrogate
        } else if (b >= 0xF0 && b <= 0xF4) {
            pending = 3;
            lower = b == 0xF0 ? 0x90 : 0x80; // F0 80..8F would be overlong
            upper = b == 0xF4 ? 0x8F : 0xBF; // F4 90.. would be above U+10FFFF
        } else {
            return false; // 80..C1 (continuation or overlong lead), F5..FF
        }
        return true;
    }
}
