package io.pipelineledger.events.security;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import reactor.core.publisher.Mono;

/** Accepts an {@link ApiKeyAuthentication} whose key is one of {@link ApiKeys}. */
public final class ApiKeyAuthenticationManager implements ReactiveAuthenticationManager {

    private final ApiKeys keys;

    public ApiKeyAuthenticationManager(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public Mono<Authentication> authenticate(Authentication authentication) {
        if (!(authentication instanceof ApiKeyAuthentication)) {
            return Mono.empty();
        }
        String presented = (String) authentication.getCredentials();
        return Mono.fromCallable(() -> keys.authenticate(presented))
                .flatMap(key -> key.<Mono<Authentication>>map(k -> Mono.just(ApiKeyAuthentication.accepted(k)))
                        .orElseGet(() -> Mono.error(new BadCredentialsException("API key not accepted"))));
    }
}
