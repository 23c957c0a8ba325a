package io.pipelineledger.events.web;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Map;

/** Names a Java type as a client would know it ("a whole number", not {@code java.lang.Integer}). */
final class UserTerms {

    private static final int ECHO_LIMIT = 80;

    private UserTerms() {
    }

    static String expected(Class<?> type) {
        if (type == null) {
            return "a valid value";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class || type == BigInteger.class) {
            return "a whole number";
        }
        if (type == BigDecimal.class || type == Double.class || type == double.class || type == Float.class
                || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class || type == Character.class || type == char.class) {
            return "a string";
        }
        if (type == Instant.class || type == OffsetDateTime.class) {
            return "an ISO-8601 instant such as 2026-03-01T10:00:00Z";
        }
        if (type == LocalDate.class) {
            return "an ISO-8601 date such as 2026-03-01";
        }
        if (type.isEnum()) {
            StringBuilder names = new StringBuilder();
            for (Object constant : type.getEnumConstants()) {
                names.append(names.isEmpty() ? "" : ", ").append(constant.toString().toLowerCase());
            }
            return "one of " + names;
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord() || !type.getName().startsWith("java.")) {
            return "an object";
        }
        return "a valid value";
    }

    /** A value sent, shortened and with control characters shown as '?', safe to echo in a problem's detail. */
    static String quote(String text) {
        String shown = text.length() > ECHO_LIMIT ? text.substring(0, ECHO_LIMIT) + "…" : text;
        StringBuilder out = new StringBuilder(shown.length());
        shown.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c)
                || (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) ? '?' : c));
        return out.toString();
    }
}
