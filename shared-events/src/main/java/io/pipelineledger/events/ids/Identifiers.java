package io.pipelineledger.events.ids;

/** The identifier rule of the contract: 1–128 characters from {@code [A-Za-z0-9._:-]}, chosen by the CRM. */
public final class Identifiers {

    private Identifiers() {
    }

    public static boolean isValid(String value) {
        if (value == null || value.isEmpty() || value.length() > 128) {
            return false;
        }
        // a loop, not a regular expression: every id of every event read back is checked (a replay reads millions)
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean valid = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == ':' || c == '-';
            if (!valid) {
                return false;
            }
        }
        return true;
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
