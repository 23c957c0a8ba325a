package io.pipelineledger.forecast.web;

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

/** The forecast endpoints' errors as {@code application/problem+json} with a {@code field} naming what was wrong. */
@RestControllerAdvice(basePackageClasses = ForecastProblemHandler.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ForecastProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(ForecastProblemHandler.class);

    @ExceptionHandler(BadForecastRequestException.class)
    public ResponseEntity<ProblemDetail> bad(BadForecastRequestException e) {
        ProblemDetail problem = problem(e.status(), e.getMessage());
        if (e.field() != null) {
            problem.setProperty("field", e.field());
        }
        if (e.status() == 503) {
            return ResponseEntity.status(503).header("Retry-After", "5")
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
        }
        return respond(problem);
    }

    /**
     * What the framework refused: an Accept or Content-Type the endpoint does not take, a body that is not JSON or
     * of the wrong shape, a parameter of the wrong type; said in the client's terms.
     */
    @ExceptionHandler(ResponseStatusException.class)
    public ResponseEntity<ProblemDetail> refused(ResponseStatusException e) {
        return respond(InputProblem.of(e).toProblemDetail());
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("Unexpected failure answering a forecast request", e);
        return respond(problem(500, "internal error while answering the forecast request"));
    }

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
