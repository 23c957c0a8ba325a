package io.pipelineledger.events;

import java.util.Objects;

/**
 * Who did it, as the ledger authenticated them (never what a client claims): an API key ({@code apiKey}, its id and
 * name), a bearer token's subject ({@code jwt}), or the ledger itself ({@code ledger}, e.g. the default process).
 * What a client says about whom it acts for is kept apart, as {@code onBehalfOf}.
 *
 * @param type {@code apiKey}, {@code jwt} or {@code ledger}
 * @param id   the key's id, the token's subject, or what the ledger did ({@code default})
 * @param name the key's name when it was used; null otherwise
 */
public record Actor(String type, String id, String name) {

    public static final String API_KEY = "apiKey";
    public static final String JWT = "jwt";
    public static final String LEDGER = "ledger";
    /** The ledger recording the default process as version 1. */
    public static final Actor LEDGER_DEFAULT = new Actor(LEDGER, "default", null);

    public Actor {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
    }

    /** One line for logs and the API's {@code definedBy}: {@code apiKey:5f6t92nw}, {@code jwt:alice}. */
    public String label() {
        return type + ":" + id;
    }
}
