package io.pipelineledger.events.security;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import java.util.List;

/**
 * A caller identified by API key. Before checking it holds the presented key; once accepted, only the key's id (its
 * principal) and scopes, the secret is dropped.
 */
public final class ApiKeyAuthentication extends AbstractAuthenticationToken {

    private final String keyId;
    private final String keyName;
    private String presented;

    private ApiKeyAuthentication(String keyId, String presented, ApiKey key) {
        super(key == null ? List.of() : key.scopes().stream().map(s -> new SimpleGrantedAuthority(s.authority()))
                .toList());
        this.keyId = keyId;
        this.keyName = key == null ? null : key.name();
        this.presented = presented;
        setAuthenticated(key != null);
    }

    static ApiKeyAuthentication presented(String key) {
        return new ApiKeyAuthentication(null, key, null);
    }

    static ApiKeyAuthentication accepted(ApiKey key) {
        return new ApiKeyAuthentication(key.id(), null, key);
    }

    @Override
    public Object getCredentials() {
        return presented;
    }

    @Override
    public Object getPrincipal() {
        return keyId;
    }

    /** The accepted key's name ("salesforce sync"), as its keys-file line gives it; null before acceptance. */
    public String keyName() {
        return keyName;
    }

    @Override
    public void eraseCredentials() {
        presented = null;
    }
}
