package io.pipelineledger.events.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

/**
 * A Content-Type no endpoint of the path takes is refused while the request is mapped, before any controller is
 * chosen: the services' problem handlers that apply to their own controllers only never see it, and Spring Boot's
 * ProblemDetailsExceptionHandler (order 0) answered it without a {@code field}. This one names the header, in every
 * service, with the types the endpoint does take ({@code Accept}).
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE + 100)
public class MediaTypeProblems {

    @ExceptionHandler(UnsupportedMediaTypeStatusException.class)
    public ResponseEntity<ProblemDetail> unsupported(UnsupportedMediaTypeStatusException e) {
        HttpHeaders headers = new HttpHeaders();
        headers.putAll(e.getHeaders());
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        ProblemDetail problem = InputProblem.of(e).toProblemDetail();
        return ResponseEntity.status(problem.getStatus()).headers(headers).body(problem);
    }
}
