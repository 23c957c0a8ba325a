package io.pipelineledger.events.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ledger.security.*}: where the API keys are, and whether a first start creates an admin key (the one-process
 * app does; the services do not). JWT bearer tokens are Spring Boot's own
 * {@code spring.security.oauth2.resourceserver.jwt.*} (issuer-uri, jwk-set-uri or public-key-location).
 */
@ConfigurationProperties("ledger.security")
public class LedgerSecurityProperties {

    /** A keys file (hashed keys, one per line), re-read when it changes; keys created over the API go there. */
    private Path keysFile;
    /** Hashed keys given inline (keys-file lines), e.g. from a Secret; they cannot be revoked over the API. */
    private List<String> keys = new ArrayList<>();
    /**
     * At a first start without any key or token issuer: create an admin key and write it to an owner-only file next to
     * the keys file ({@code first-admin-key}; printed too when stdout is a terminal).
     */
    private boolean generateAdminKey;
    /** How often the keys file is checked for changes. */
    private Duration reloadInterval = Duration.ofSeconds(1);

    public Path getKeysFile() {
        return keysFile;
    }

    public void setKeysFile(Path keysFile) {
        this.keysFile = keysFile;
    }

    public List<String> getKeys() {
        return keys;
    }

    public void setKeys(List<String> keys) {
        this.keys = keys;
    }

    public boolean isGenerateAdminKey() {
        return generateAdminKey;
    }

    public void setGenerateAdminKey(boolean generateAdminKey) {
        this.generateAdminKey = generateAdminKey;
    }

    public Duration getReloadInterval() {
        return reloadInterval;
    }

    public void setReloadInterval(Duration reloadInterval) {
        this.reloadInterval = reloadInterval;
    }
}
