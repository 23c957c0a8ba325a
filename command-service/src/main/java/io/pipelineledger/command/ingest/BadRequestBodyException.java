package io.pipelineledger.command.ingest;

/**
 * The request as a whole cannot be read (not JSON, not NDJSON, too many events, beyond a parsing limit): nothing of
 * it was recorded. {@code field} names the input at fault ("body" when it is the body as such).
 */
public class BadRequestBodyException extends RuntimeException {

    private final int status;
    private final String field;

    public BadRequestBodyException(int status, String message) {
        this(status, "body", message);
    }

    public BadRequestBodyException(int status, String field, String message) {
        super(message, null, false, false);
        this.status = status;
        this.field = field;
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }
}
