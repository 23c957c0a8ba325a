package io.pipelineledger.events.security;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Reads an API key from {@code X-API-Key}, or from {@code Authorization: Bearer pl_…}; nothing when neither. */
final class ApiKeyAuthenticationConverter implements ServerAuthenticationConverter {

    static final String HEADER = "X-API-Key";

    @Override
    public Mono<Authentication> convert(ServerWebExchange exchange) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        String key = headers.getFirst(HEADER);
        if (key == null) {
            String bearer = bearerOf(headers);
            if (ApiKeys.looksLikeKey(bearer)) {
                key = bearer;
            }
        }
        return key == null ? Mono.empty() : Mono.just(ApiKeyAuthentication.presented(key.strip()));
    }

    /** The token of an {@code Authorization: Bearer …} header, stripped; null when there is none. */
    static String bearerOf(HttpHeaders headers) {
        String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).strip() : null;
    }
}
