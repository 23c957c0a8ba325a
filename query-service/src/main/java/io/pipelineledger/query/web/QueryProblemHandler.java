package io.pipelineledger.query.web;

import io.pipelineledger.events.web.InputProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;

/** The query side's errors as {@code application/problem+json} with a {@code field} naming the parameter at fault. */
@RestControllerAdvice(basePackageClasses = QueryProblemHandler.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class QueryProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(QueryProblemHandler.class);

    @ExceptionHandler(BadQueryException.class)
    public ResponseEntity<ProblemDetail> bad(BadQueryException e) {
        ProblemDetail problem = problem(e.status(), e.getMessage());
        problem.setProperty("field", e.field());
        return respond(problem);
    }

    /** What the framework refused (Accept, Content-Type, a parameter's type), in the client's terms. */
    @ExceptionHandler(ResponseStatusException.class)
    public ResponseEntity<ProblemDetail> refused(ResponseStatusException e) {
        return respond(InputProblem.of(e).toProblemDetail());
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("Unexpected failure answering a query", e);
        return respond(problem(500, "internal error while answering the query"));
    }

    /** problem+json whatever the Accept header asked for (text/event-stream cannot carry it). */
    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private static ProblemDetail problem(int status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(status), detail);
        HttpStatus known = HttpStatus.resolve(status);
        problem.setTitle(known == null ? "Error" : known.getReasonPhrase());
        return problem;
    }
}
