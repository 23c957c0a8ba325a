package io.pipelineledger.events.security;

import org.springframework.security.core.AuthenticationException;

/**
 * A credential refused before any key or token is looked up: a scheme the ledger does not read, an empty token, or
 * more than one credential. Its message is fixed text, safe to answer: it never holds what was sent.
 */
final class RefusedCredential extends AuthenticationException {

    RefusedCredential(String detail) {
        super(detail);
    }
}
