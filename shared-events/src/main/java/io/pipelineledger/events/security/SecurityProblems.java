package io.pipelineledger.events.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;

/**
 * 401 and 403 as {@code application/problem+json}: 401 when no valid credential came (with a {@code WWW-Authenticate}
 * challenge), 403 when the credential is valid but lacks the endpoint's scope, naming it. Never echoes what was sent.
 */
final class SecurityProblems implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException failure) {
        boolean presented = exchange.getRequest().getHeaders().containsKey(HttpHeaders.AUTHORIZATION)
                || exchange.getRequest().getHeaders().containsKey(ApiKeyAuthenticationConverter.HEADER);
        String detail = presented ? "the credential was not accepted (unknown, revoked, expired or malformed)"
                : "a credential is required: an API key (X-API-Key header, or Authorization: Bearer pl_…) or a "
                        + "bearer token from the configured issuer";
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, presented
                ? "Bearer realm=\"pipeline-ledger\", error=\"invalid_token\"" : "Bearer realm=\"pipeline-ledger\"");
        return write(exchange, HttpStatus.UNAUTHORIZED, detail, "Authorization", null);
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
        return AccessRules.requiredScope(exchange)
                .map(scope -> write(exchange, HttpStatus.FORBIDDEN, "this endpoint needs the scope " + scope.value(),
                        "scope", scope.value()))
                .switchIfEmpty(Mono.fromSupplier(() -> write(exchange, HttpStatus.FORBIDDEN, "not allowed", "scope",
                        null)))
                .flatMap(m -> m);
    }

    /** A request the firewall refuses (encoded slashes, NUL, "..", other unsafe paths): 400, not an empty body. */
    Mono<Void> rejected(ServerWebExchange exchange) {
        return write(exchange, HttpStatus.BAD_REQUEST, "the request path holds characters or sequences that are "
                + "not allowed (encoded slash or percent, NUL, '..', or similar)", "path", null);
    }

    private static Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String detail, String field,
                                    String requiredScope) {
        ObjectNode problem = JSON.createObjectNode();
        problem.put("type", "about:blank");
        problem.put("title", status.getReasonPhrase());
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("instance", exchange.getRequest().getPath().value());
        problem.put("field", field);
        if (requiredScope != null) {
            problem.put("requiredScope", requiredScope);
        }
        byte[] body = problem.toString().getBytes(StandardCharsets.UTF_8);
        var response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getHeaders().setContentLength(body.length);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }
}
