package io.pipelineledger.command.ingest;

/** The request as a whole cannot be read (not JSON, not NDJSON, too many events): nothing of it was recorded. */
public class BadRequestBodyException extends RuntimeException {

    private final int status;

    public BadRequestBodyException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
