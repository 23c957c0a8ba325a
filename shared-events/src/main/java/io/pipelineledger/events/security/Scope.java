package io.pipelineledger.events.security;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a caller may do. Each client gets only its part: CRMs write events, finance reads (and sales leadership
 * submits) the forecast, dashboards read metrics, admins define the process and manage keys.
 */
public enum Scope {
    EVENTS_WRITE("events:write"),
    FORECAST_READ("forecast:read"),
    FORECAST_SUBMIT("forecast:submit"),
    METRICS_READ("metrics:read"),
    PROCESS_ADMIN("process:admin");

    private final String value;

    Scope(String value) {
        this.value = value;
    }

    /** As written in keys, tokens' {@code scope} claim and problems. */
    public String value() {
        return value;
    }

    /** The Spring Security authority, spelled as the JWT converter spells a token's scopes. */
    public String authority() {
        return "SCOPE_" + value;
    }

    public static Optional<Scope> of(String value) {
        return Arrays.stream(values()).filter(s -> s.value.equals(value)).findFirst();
    }
}
