package io.pipelineledger.events.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeIn;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Keys are created and revoked while the service runs ({@code process:admin}). A new key's secret is in the
 * answer to its creation and nowhere else. Rotation: create the new key, move the client to it, revoke the old one.
 */
@RestController
@OpenAPIDefinition(security = {@SecurityRequirement(name = "apiKey"), @SecurityRequirement(name = "bearer")})
@SecurityScheme(name = "apiKey", type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER, paramName = "X-API-Key",
        description = "An API key (pl_…); each endpoint needs one scope: events:write, forecast:read, "
                + "forecast:submit, metrics:read or process:admin (SECURITY.md)")
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT",
        description = "A JWT from the operator's issuer, its scope claim holding the scopes; an API key also works "
                + "as the bearer token")
public class ApiKeysController {

    private static final String LIST_EXAMPLE = "[{\"id\":\"5f6t92nw\",\"name\":\"salesforce sync\","
            + "\"scopes\":[\"events:write\"],\"created\":\"2026-11-22T10:00:00Z\",\"source\":\"keys file\"}]";
    private static final String CREATE_EXAMPLE = "{\"name\":\"finance\",\"scopes\":[\"forecast:read\"]}";
    private static final String ISSUED_EXAMPLE = "{\"id\":\"pjub1i50\",\"key\":\"pl_pjub1i50_mdTw2JkHOknx…\","
            + "\"name\":\"finance\",\"scopes\":[\"forecast:read\"],\"created\":\"2026-11-22T10:00:00Z\"}";
    private static final String PROBLEM_EXAMPLE = "{\"type\":\"about:blank\",\"title\":\"Bad Request\","
            + "\"status\":400,\"detail\":\"unknown scope \\\"metrics:write\\\"\",\"field\":\"scopes\"}";

    /** A key as listed: never its hash or secret. */
    public record KeyView(String id, String name, List<String> scopes, Instant created, String source) {
    }

    /** The answer to a creation: the only time the secret is shown. */
    public record IssuedView(String id, String key, String name, List<String> scopes, Instant created) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ApiKeys keys;

    public ApiKeysController(ApiKeys keys) {
        this.keys = keys;
    }

    @Operation(summary = "List API keys (process:admin)", description = "Ids, names, scopes and creation times; "
            + "never a secret or a hash.")
    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value = LIST_EXAMPLE)))
    @GetMapping(path = "/api/v1/admin/api-keys", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<List<KeyView>> list() {
        return Mono.fromCallable(() -> keys.list().stream().map(k -> new KeyView(k.id(), k.name(), scopes(k.scopes()),
                k.created(), keys.isConfigured(k.id()) ? "configuration" : "keys file")).toList())
                .subscribeOn(Schedulers.boundedElastic());
    }

    /** Body: {@code {"name": "salesforce sync", "scopes": ["events:write"]}}. */
    @Operation(summary = "Create an API key (process:admin)", description = "Body {\"name\":…, \"scopes\":[…]}. "
            + "The answer holds the key: it is shown this once, only its SHA-256 is kept. Takes effect at once.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE, examples = @ExampleObject(value = CREATE_EXAMPLE))))
    @ApiResponse(responseCode = "201", description = "created; Location: /api/v1/admin/api-keys/{id} (the path "
            + "that revokes it)", content = @Content(examples = @ExampleObject(value = ISSUED_EXAMPLE)))
    @ApiResponse(responseCode = "400", content = @Content(mediaType = "application/problem+json",
            examples = @ExampleObject(value = PROBLEM_EXAMPLE)))
    @PostMapping("/api/v1/admin/api-keys")
    public Mono<ResponseEntity<?>> create(@RequestBody(required = false) String body) {
        return Mono.fromCallable(() -> {
            JsonNode request;
            try {
                request = JSON.readTree(body == null ? "" : body);
            } catch (Exception e) {
                return problem(400, "the body is not JSON", "body");
            }
            if (request == null || !request.isObject()) {
                return problem(400, "the body must be an object with name and scopes", "body");
            }
            JsonNode name = request.path("name");
            if (!name.isTextual() || name.asText().isBlank() || name.asText().length() > 100
                    || name.asText().chars().anyMatch(Character::isISOControl)) {
                return problem(400, "name must be one line of 1 to 100 characters", "name");
            }
            JsonNode requested = request.path("scopes");
            Set<Scope> scopes = EnumSet.noneOf(Scope.class);
            if (!requested.isArray() || requested.isEmpty()) {
                return problem(400, "scopes must be a non-empty array of " + scopes(EnumSet.allOf(Scope.class)),
                        "scopes");
            }
            for (JsonNode scope : requested) {
                Optional<Scope> known = scope.isTextual() ? Scope.of(scope.asText()) : Optional.empty();
                if (known.isEmpty()) {
                    return problem(400, "unknown scope " + scope + "; known: " + scopes(EnumSet.allOf(Scope.class)),
                            "scopes");
                }
                scopes.add(known.get());
            }
            try {
                ApiKeys.Issued issued = keys.create(name.asText(), scopes);
                ApiKey key = issued.key();
                return ResponseEntity.created(java.net.URI.create("/api/v1/admin/api-keys/" + key.id()))
                        .body(new IssuedView(key.id(), issued.secret(),
                        key.name(), scopes(key.scopes()), key.created()));
            } catch (IllegalStateException e) {
                return problem(409, "keys are configured, not kept in a keys file: " + e.getMessage(), "keysFile");
            } catch (UncheckedIOException e) {
                return unwritable(e);
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    @Operation(summary = "Revoke an API key (process:admin)", description = "Refused from the next request on, "
            + "without a restart (other instances reading the same keys file within a second).")
    @ApiResponse(responseCode = "204", description = "revoked", content = @Content(examples = @ExampleObject(
            value = "")))
    @ApiResponse(responseCode = "404", content = @Content(mediaType = "application/problem+json",
            examples = @ExampleObject(value = "{\"title\":\"Not Found\",\"status\":404,\"field\":\"id\"}")))
    @DeleteMapping("/api/v1/admin/api-keys/{id}")
    public Mono<ResponseEntity<?>> revoke(@PathVariable String id) {
        return Mono.fromCallable(() -> {
            if (keys.isConfigured(id)) {
                return problem(409, "key " + id + " is configured (ledger.security.keys); remove it there", "id");
            }
            try {
                return keys.revoke(id) ? ResponseEntity.noContent().build()
                        : problem(404, "no key " + id + " in the keys file", "id");
            } catch (IllegalStateException e) {
                return problem(404, "no key " + id, "id");
            } catch (UncheckedIOException e) {
                return unwritable(e);
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /** A keys file mounted read-only (a Kubernetes Secret) is the operator's to change, not the API's. */
    private static ResponseEntity<?> unwritable(UncheckedIOException e) {
        return problem(409, e.getMessage() + " (read-only, e.g. mounted from a Secret): change the keys where the "
                + "file comes from", "keysFile");
    }

    private static List<String> scopes(Set<Scope> scopes) {
        return scopes.stream().sorted().map(Scope::value).toList();
    }

    private static ResponseEntity<?> problem(int status, String detail, String field) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(status), detail);
        problem.setTitle(HttpStatus.valueOf(status).getReasonPhrase());
        problem.setProperty("field", field);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
