package io.pipelineledger.forecast.web;

/**
 * A forecast request that cannot be answered: 400 (or 404 for an unknown group) naming the field at fault, or 503
 * while the read model is still catching up after a start.
 */
public class BadForecastRequestException extends RuntimeException {

    private final int status;
    private final String field;

    public BadForecastRequestException(int status, String field, String detail) {
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
