package io.pipelineledger.events.security;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.util.List;

/**
 * Reads an API key from {@code X-API-Key}, or from {@code Authorization: Bearer pl_…}; nothing when neither header
 * came. Any other credential is refused here, on every path (open ones too): another scheme, an empty token, a
 * bearer token that is not a key while no token issuer is configured, or more than one credential. With an issuer,
 * a bearer token that is not a key is left to the JWT filter.
 */
final class ApiKeyAuthenticationConverter implements ServerAuthenticationConverter {

    static final String HEADER = "X-API-Key";

    private final boolean tokenIssuerConfigured;

    ApiKeyAuthenticationConverter(boolean tokenIssuerConfigured) {
        this.tokenIssuerConfigured = tokenIssuerConfigured;
    }

    @Override
    public Mono<Authentication> convert(ServerWebExchange exchange) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        List<String> keys = headers.get(HEADER);
        List<String> authorizations = headers.get(HttpHeaders.AUTHORIZATION);
        if (keys == null && authorizations == null) {
            return Mono.empty();
        }
        if ((keys != null && authorizations != null) || count(keys) > 1 || count(authorizations) > 1) {
            return Mono.error(new RefusedCredential("more than one credential was sent: send one, as X-API-Key or "
                    + "as Authorization: Bearer"));
        }
        if (keys != null) {
            return Mono.just(ApiKeyAuthentication.presented(keys.get(0).strip()));
        }
        String bearer = bearerOf(headers);
        if (bearer == null || bearer.isEmpty()) {
            return Mono.error(new RefusedCredential("the Authorization header must be \"Bearer <API key or token>\""));
        }
        if (ApiKeys.looksLikeKey(bearer)) {
            return Mono.just(ApiKeyAuthentication.presented(bearer));
        }
        if (tokenIssuerConfigured) {
            return Mono.empty(); // a JWT: the resource server's filter checks it
        }
        return Mono.error(new RefusedCredential("the bearer credential is not an API key, and no token issuer is "
                + "configured"));
    }

    /** The token of an {@code Authorization: Bearer …} header, stripped; null when there is none. */
    static String bearerOf(HttpHeaders headers) {
        String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).strip() : null;
    }

    private static int count(List<String> values) {
        return values == null ? 0 : values.size();
    }
}
