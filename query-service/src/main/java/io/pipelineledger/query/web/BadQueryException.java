package io.pipelineledger.query.web;

/** A query parameter that cannot be answered: 400 (or 404 for an unknown rep), naming the parameter. */
public class BadQueryException extends RuntimeException {

    private final int status;
    private final String field;

    public BadQueryException(int status, String field, String detail) {
        super(detail);
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
