package io.pipelineledger.events.ids;

import java.util.regex.Pattern;

/** The identifier rule of the contract: 1–128 characters from {@code [A-Za-z0-9._:-]}, chosen by the CRM. */
public final class Identifiers {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private Identifiers() {
    }

    public static boolean isValid(String value) {
        return value != null && VALID.matcher(value).matches();
    }

    /** Returns the value or throws naming the field, so every typed id fails the same way. */
    public static String require(String value, String field) {
        if (!isValid(value)) {
            throw new InvalidIdentifierException(field, value);
        }
        return value;
    }

    public static final class InvalidIdentifierException extends IllegalArgumentException {
        private final String field;

        InvalidIdentifierException(String field, String value) {
            super(field + " must be 1-128 characters from [A-Za-z0-9._:-]"
                    + (value == null ? " (was missing)" : ""));
            this.field = field;
        }

        public String field() {
            return field;
        }
    }
}
