package io.pipelineledger.command.ingest;

/** The ledger could not record events right now (shutting down, storage failing); a retry with the same ids is safe. */
public class IngestionUnavailableException extends RuntimeException {

    public IngestionUnavailableException(String message) {
        super(message);
    }
}
