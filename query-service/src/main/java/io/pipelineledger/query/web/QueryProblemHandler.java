package io.pipelineledger.query.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The query side's errors as {@code application/problem+json} with a {@code field} naming the parameter at fault. */
@RestControllerAdvice(basePackageClasses = QueryProblemHandler.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class QueryProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(QueryProblemHandler.class);

    @ExceptionHandler(BadQueryException.class)
    public ResponseEntity<ProblemDetail> bad(BadQueryException e) {
        ProblemDetail problem = problem(e.status(), e.getMessage());
        problem.setProperty("field", e.field());
        return ResponseEntity.status(e.status()).body(problem);
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("Unexpected failure answering a query", e);
        return ResponseEntity.status(500).body(problem(500, "internal error while answering the query"));
    }

    private static ProblemDetail problem(int status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(status), detail);
        HttpStatus known = HttpStatus.resolve(status);
        problem.setTitle(known == null ? "Error" : known.getReasonPhrase());
        return problem;
    }
}
