package io.pipelineledger.command.web;

import io.pipelineledger.command.api.CommandRejectedException;
import io.pipelineledger.command.ingest.BadRequestBodyException;
import io.pipelineledger.command.ingest.IngestionUnavailableException;
import io.pipelineledger.events.web.InputProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Every error as {@code application/problem+json} (RFC 9457) with a {@code field} naming the input at fault.
 * Framework errors (wrong media type, unreadable body, unknown path) are shaped by the base class.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(CommandRejectedException.class)
    public ResponseEntity<ProblemDetail> rejected(CommandRejectedException e) {
        ProblemDetail problem = problem(e.status(), e.getMessage());
        problem.setProperty("field", e.field());
        if (!e.unmetExitCriteria().isEmpty()) {
            problem.setProperty("unmetExitCriteria", e.unmetExitCriteria());
        }
        return ResponseEntity.status(e.status()).body(problem);
    }

    @ExceptionHandler(BadRequestBodyException.class)
    public ResponseEntity<ProblemDetail> badBody(BadRequestBodyException e) {
        ProblemDetail problem = problem(e.status(), e.getMessage());
        problem.setProperty("field", e.field());
        return ResponseEntity.status(e.status()).body(problem);
    }

    @ExceptionHandler(IngestionUnavailableException.class)
    public ResponseEntity<ProblemDetail> unavailable(IngestionUnavailableException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                .body(problem(503, e.getMessage()));
    }

    @ExceptionHandler(DataBufferLimitException.class)
    public ResponseEntity<ProblemDetail> tooLarge(DataBufferLimitException e) {
        return ResponseEntity.status(413).body(bodyTooLarge());
    }

    private static ProblemDetail bodyTooLarge() {
        ProblemDetail problem = problem(413, "request body is larger than the configured limit "
                + "(spring.codec.max-in-memory-size): split the batch");
        problem.setProperty("field", "body");
        return problem;
    }

    /** Unreadable bodies and parameters of the wrong type: name the field, and say so for size limits. */
    @Override
    protected Mono<ResponseEntity<Object>> handleServerWebInputException(ServerWebInputException e,
            HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        if (hasCause(e, DataBufferLimitException.class)) {
            return Mono.just(ResponseEntity.status(413).body(bodyTooLarge()));
        }
        return Mono.just(asProblemJson(InputProblem.of(e).toProblemDetail(), headers));
    }

    /**
     * Spring's own refusals (a body above the limit, a content type or method the endpoint does not take) with a
     * detail in the client's terms and the part of the request at fault, like every other problem; problem+json
     * whatever the Accept header asked for.
     */
    @Override
    protected Mono<ResponseEntity<Object>> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
            HttpStatusCode status, ServerWebExchange exchange) {
        if (status.value() == 413) {
            return Mono.just(ResponseEntity.status(413).body(bodyTooLarge()));
        }
        if (e instanceof ResponseStatusException refused) {
            return Mono.just(asProblemJson(InputProblem.of(refused).toProblemDetail(), headers));
        }
        return super.handleExceptionInternal(e, body, headers, status, exchange);
    }

    private static ResponseEntity<Object> asProblemJson(ProblemDetail problem, HttpHeaders headers) {
        HttpHeaders answer = new HttpHeaders();
        if (headers != null) {
            answer.putAll(headers);
        }
        answer.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return ResponseEntity.status(problem.getStatus()).headers(answer).body(problem);
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("Unexpected failure", e);
        return ResponseEntity.status(500).body(problem(500, "internal error; nothing of this request was recorded "
                + "unless the answer said so"));
    }

    private static ProblemDetail problem(int status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(status), detail);
        HttpStatus known = HttpStatus.resolve(status);
        problem.setTitle(known == null ? "Error" : known.getReasonPhrase());
        return problem;
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
