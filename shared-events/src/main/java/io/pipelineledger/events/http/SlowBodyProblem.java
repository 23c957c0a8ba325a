package io.pipelineledger.events.http;

import io.netty.handler.timeout.ReadTimeoutException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A body that stopped arriving for {@code ledger.http.body-read-timeout} is the client's fault: 408 naming the body,
 * not the 500 a service's catch-all would answer (ahead of every service's own problem handler).
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class SlowBodyProblem {

    @ExceptionHandler(ReadTimeoutException.class)
    ResponseEntity<ProblemDetail> bodyStoppedArriving() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.REQUEST_TIMEOUT,
                "the request's body stopped arriving: nothing of it was recorded; send it again");
        problem.setProperty("field", "body");
        return ResponseEntity.status(HttpStatus.REQUEST_TIMEOUT).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .header(HttpHeaders.CONNECTION, "close").body(problem);
    }
}
