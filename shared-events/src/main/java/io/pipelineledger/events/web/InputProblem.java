package io.pipelineledger.events.web;

import org.springframework.beans.TypeMismatchException;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.MissingRequestValueException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What the framework refused about a request (wrong Accept or Content-Type, an unreadable body, a parameter of the
 * wrong type, an unknown path), said in the client's terms: the status, the field at fault and what was expected.
 * Spring's own messages name Java types and method signatures; these never do.
 */
public record InputProblem(int status, String field, String detail) {

    /** The framework's refusal in the client's terms. */
    public static InputProblem of(ResponseStatusException e) {
        if (e instanceof NotAcceptableStatusException notAcceptable) {
            return notAcceptable(notAcceptable);
        }
        if (e instanceof UnsupportedMediaTypeStatusException unsupported) {
            return new InputProblem(415, "Content-Type", "Content-Type "
                    + (unsupported.getContentType() == null ? "is missing or malformed"
                    : "'" + UserTerms.quote(unsupported.getContentType().toString()) + "' is not accepted here")
                    + "; send " + types(unsupported.getSupportedMediaTypes()));
        }
        if (e instanceof MethodNotAllowedException notAllowed) {
            return new InputProblem(405, "method", "method " + notAllowed.getHttpMethod() + " is not allowed here; "
                    + "allowed: " + notAllowed.getSupportedMethods());
        }
        if (e instanceof ServerWebInputException input) {
            return input(input);
        }
        int status = e.getStatusCode().value();
        return switch (status) {
            case 404 -> new InputProblem(404, "path", "no such resource");
            case 405 -> new InputProblem(405, "method", "this method is not allowed here");
            case 406 -> new InputProblem(406, "Accept", "this endpoint cannot answer in the media type asked for");
            case 413 -> new InputProblem(413, "body", "the request is larger than the configured limit");
            case 415 -> new InputProblem(415, "Content-Type", "this endpoint does not take this Content-Type");
            default -> new InputProblem(status, null, "the request cannot be answered (" + status + ")");
        };
    }

    /** A body the JSON reader refused (outside the framework's decoding too). */
    public static InputProblem ofBody(Throwable e) {
        JsonProblems.Found found = JsonProblems.find(e);
        return found == null ? new InputProblem(400, "body", "the request body could not be read")
                : new InputProblem(400, found.field(), found.detail());
    }

    public ProblemDetail toProblemDetail() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(status), detail);
        HttpStatus known = HttpStatus.resolve(status);
        problem.setTitle(known == null ? "Error" : known.getReasonPhrase());
        if (field != null) {
            problem.setProperty("field", field);
        }
        return problem;
    }

    private static InputProblem notAcceptable(NotAcceptableStatusException e) {
        // Spring raises the same exception for an Accept header it cannot parse: that is a malformed request
        if (e.getReason() != null && e.getReason().startsWith("Could not parse")) {
            return new InputProblem(400, "Accept", "the Accept header is malformed: " + AcceptHeaders.RULE);
        }
        return new InputProblem(406, "Accept", "this endpoint answers " + types(e.getSupportedMediaTypes())
                + "; the Accept header asks for none of them");
    }

    private static InputProblem input(ServerWebInputException e) {
        MethodParameter parameter = e.getMethodParameter();
        boolean body = parameter != null && parameter.hasParameterAnnotation(RequestBody.class);
        if (parameter == null || body) {
            if (JsonProblems.find(e) != null) {
                return ofBody(e);
            }
            return new InputProblem(400, "body", body && e.getCause() == null ? "a request body is required"
                    : "the request body could not be read");
        }
        String name = name(parameter);
        if (e instanceof MissingRequestValueException) {
            return new InputProblem(400, name, name + " is required");
        }
        if (e.getCause() instanceof TypeMismatchException mismatch) {
            return new InputProblem(400, name, name + " must be " + UserTerms.expected(mismatch.getRequiredType())
                    + (mismatch.getValue() == null ? "" : " (was '" + UserTerms.quote(mismatch.getValue().toString())
                    + "')"));
        }
        return new InputProblem(400, name, name + " is malformed");
    }

    private static String name(MethodParameter parameter) {
        RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
        if (param != null && !param.name().isEmpty()) {
            return param.name();
        }
        PathVariable path = parameter.getParameterAnnotation(PathVariable.class);
        if (path != null && !path.name().isEmpty()) {
            return path.name();
        }
        RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
        if (header != null && !header.name().isEmpty()) {
            return header.name();
        }
        String name = parameter.getParameterName();
        return name == null ? "parameter" : name;
    }

    private static String types(List<MediaType> types) {
        if (types == null || types.isEmpty()) {
            return "another media type";
        }
        return types.stream().map(t -> t.getType() + "/" + t.getSubtype()).distinct()
                .collect(Collectors.joining(" or "));
    }
}
