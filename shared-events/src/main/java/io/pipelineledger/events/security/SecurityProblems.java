package io.pipelineledger.events.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Refusals as {@code application/problem+json}: 401 when no valid credential came (with a {@code WWW-Authenticate}
 * challenge), 403 when the credential is valid but lacks the endpoint's scope, naming it, 404 for a path no rule
 * knows, 405 (with {@code Allow}) for a method no rule allows on the path. Never echoes what was sent.
 */
final class SecurityProblems implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** What Spring Security's firewall lets through by default; anything else it refuses before any filter. */
    private static final Set<HttpMethod> FIREWALL_METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST,
            HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.OPTIONS);

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException failure) {
        boolean presented = exchange.getRequest().getHeaders().containsKey(HttpHeaders.AUTHORIZATION)
                || exchange.getRequest().getHeaders().containsKey(ApiKeyAuthenticationConverter.HEADER);
        String detail = failure instanceof RefusedCredential refused ? refused.getMessage()
                : presented ? "the credential was not accepted (unknown, revoked, expired or malformed)"
                : "a credential is required: an API key (X-API-Key header, or Authorization: Bearer pl_…) or a "
                        + "bearer token from the configured issuer";
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, presented
                ? "Bearer realm=\"pipeline-ledger\", error=\"invalid_token\"" : "Bearer realm=\"pipeline-ledger\"");
        return write(exchange, HttpStatus.UNAUTHORIZED, detail, "Authorization", null);
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
        if (AccessRules.allowedMethods(AccessRules.path(exchange)).isEmpty()) {
            // deny by default: no rule knows the path, so no handler is asked either
            return write(exchange, HttpStatus.NOT_FOUND, "no endpoint at this path", "path", null);
        }
        return AccessRules.requiredScope(exchange)
                .map(scope -> write(exchange, HttpStatus.FORBIDDEN, "this endpoint needs the scope " + scope.value(),
                        "scope", scope.value()))
                .orElseGet(() -> write(exchange, HttpStatus.FORBIDDEN, "not allowed", "scope", null));
    }

    /**
     * A request the firewall refuses: a method it does not let through (TRACE, CONNECT, made-up ones) is a 405;
     * encoded slashes, NUL, "..", other unsafe paths a 400. Either way a problem, not an empty body.
     */
    Mono<Void> rejected(ServerWebExchange exchange) {
        if (!FIREWALL_METHODS.contains(exchange.getRequest().getMethod())) {
            return methodNotAllowed(exchange, AccessRules.allowedMethods(AccessRules.path(exchange)));
        }
        return write(exchange, HttpStatus.BAD_REQUEST, "the request path holds characters or sequences that are "
                + "not allowed (encoded slash or percent, NUL, '..', or similar)", "path", null);
    }

    /** A header whose value the firewall refuses (control characters): 400 naming the header, never its value. */
    Mono<Void> badHeader(ServerWebExchange exchange, String header) {
        String name = header.length() > 100 ? header.substring(0, 100) : header;
        return write(exchange, HttpStatus.BAD_REQUEST, "the header " + name + " holds characters that are not "
                + "allowed (control characters)", name, null);
    }

    /** A method no rule allows on a path some rule knows: 405 with the methods that are allowed. */
    Mono<Void> methodNotAllowed(ServerWebExchange exchange, Set<HttpMethod> allowed) {
        exchange.getResponse().getHeaders().set(HttpHeaders.ALLOW, allowHeader(allowed));
        return write(exchange, HttpStatus.METHOD_NOT_ALLOWED, "the method " + exchange.getRequest().getMethod().name()
                + " is not allowed here; allowed: " + allowHeader(allowed), "method", null);
    }

    /** The {@code Allow} header's value: the allowed methods and OPTIONS, which is always answered. */
    static String allowHeader(Set<HttpMethod> allowed) {
        Set<String> names = new LinkedHashSet<>();
        allowed.forEach(method -> names.add(method.name()));
        names.add(HttpMethod.OPTIONS.name());
        return String.join(", ", names);
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
