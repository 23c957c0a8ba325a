package io.pipelineledger.events.security;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A stored API key: its id (also the key's visible prefix), the SHA-256 of the whole key, its scopes. The key itself
 * is never stored. One line of a keys file: {@code id sha256-hex scope,scope created-instant name}.
 */
public record ApiKey(String id, String sha256, Set<Scope> scopes, Instant created, String name) {

    private static final Pattern ID = Pattern.compile("[a-z0-9]{4,32}");
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    public ApiKey {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("key id must be 4-32 lower-case letters or digits");
        }
        if (sha256 == null || !HEX.matcher(sha256).matches()) {
            throw new IllegalArgumentException("key " + id + ": the hash must be 64 lower-case hex digits (SHA-256)");
        }
        if (scopes == null || scopes.isEmpty()) {
            throw new IllegalArgumentException("key " + id + " has no scope");
        }
        scopes = Set.copyOf(scopes);
        name = name == null ? "" : name.strip();
        if (name.length() > 100 || name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("key " + id + ": the name must be at most 100 characters, one line");
        }
    }

    /** Parses a keys-file line. */
    public static ApiKey parse(String line) {
        String[] parts = line.strip().split("\\s+", 5);
        if (parts.length < 4) {
            throw new IllegalArgumentException("expected: id sha256 scopes created [name]");
        }
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String scope : parts[2].split(",")) {
            scopes.add(Scope.of(scope).orElseThrow(() -> new IllegalArgumentException("unknown scope " + scope)));
        }
        Instant created;
        try {
            created = Instant.parse(parts[3]);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("created must be an instant such as 2026-11-22T10:00:00Z");
        }
        return new ApiKey(parts[0], parts[1], scopes, created, parts.length == 5 ? parts[4] : "");
    }

    /** The keys-file line. */
    public String line() {
        String names = Arrays.stream(Scope.values()).filter(scopes::contains).map(Scope::value)
                .collect(Collectors.joining(","));
        return (id + " " + sha256 + " " + names + " " + created + " " + name).strip();
    }
}
