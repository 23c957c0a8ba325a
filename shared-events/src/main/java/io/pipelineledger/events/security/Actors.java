package io.pipelineledger.events.security;

import io.pipelineledger.events.Actor;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.security.Principal;

/** The {@link Actor} of an authenticated request: the API key (id and name) or the bearer token's subject. */
public final class Actors {

    private static final int MAX_LENGTH = 200;

    private Actors() {
    }

    /** Null only when the request carried no authentication (security off): then nobody is recorded. */
    public static Actor of(Principal principal) {
        if (principal == null) {
            return null;
        }
        if (principal instanceof ApiKeyAuthentication key) {
            String name = key.keyName();
            return new Actor(Actor.API_KEY, clean(key.getName()), name == null || name.isBlank() ? null : clean(name));
        }
        String type = principal instanceof JwtAuthenticationToken ? Actor.JWT : "principal";
        return new Actor(type, clean(principal.getName()), null);
    }

    /** An issuer's subject is trusted, not arbitrary: still, one bounded line of printable text is stored. */
    private static String clean(String text) {
        if (text == null || text.isEmpty()) {
            return "?";
        }
        StringBuilder cleaned = new StringBuilder(Math.min(text.length(), MAX_LENGTH));
        text.codePoints().limit(MAX_LENGTH).forEach(c -> cleaned.appendCodePoint(OnBehalfOf.allowed(c) ? c : '?'));
        return cleaned.toString();
    }
}
