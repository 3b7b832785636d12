package io.steadfast.web.problem;

import io.steadfast.payment.application.IdempotencyConflictException;
import io.steadfast.web.input.Text;
import jakarta.ejb.EJBException;
import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The one place that turns exceptions into problem documents. It unwraps EJB and processing
 * wrappers to find the cause that says what went wrong; whatever it does not recognise is a 500
 * whose detail is only a reference to the log line, never a stack trace or an exception message.
 */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {

    @Override
    public Response toResponse(Throwable thrown) {
        Problem problem = problemFor(thrown);
        if (thrown instanceof jakarta.ws.rs.NotAllowedException notAllowed && problem.status() == 405) {
            // RFC 9110: a 405 says which methods the resource has.
            java.util.Set<String> allowed = notAllowed.getResponse().getAllowedMethods();
            return Response.fromResponse(Problem.of(405, "http-405", problem.title(),
                    "This resource allows " + String.join(", ", new java.util.TreeSet<>(allowed)) + ".").toResponse()).allow(allowed).build();
        }
        return problem.toResponse();
    }

    static Problem problemFor(Throwable thrown) {
        // A ProblemException says exactly what to answer, however deep a framework wrapped it (a
        // message body reader's is inside RESTEasy's ReaderException, which is none of the below).
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof ProblemException p) {
                return p.problem();
            }
        }
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof ProblemException p) {
                return p.problem();
            }
            if (t instanceof io.steadfast.integrity.domain.IntegrityViolationException iv) {
                return Problem.of(Status.INTERNAL_SERVER_ERROR, "integrity-violation", "Integrity violation",
                        iv.entity() + " " + iv.id() + " failed its integrity check and is quarantined; an operator can see it at "
                                + "/api/v1/admin/quarantine.");
            }
            if (t instanceof io.steadfast.payment.application.ReceiptUnreadableException ru) {
                // 500, not 503: the receipt is lost on every vault disk, retrying will not bring it back.
                return Problem.of(Status.INTERNAL_SERVER_ERROR, "receipt-unreadable", "Receipt unreadable",
                        "The receipt of payment " + ru.paymentId() + " is damaged beyond repair in the vault; the payment itself "
                                + "is intact (GET /api/v1/payments/" + ru.paymentId() + "). An operator has been alerted.");
            }
            if (t instanceof io.steadfast.payment.application.IdempotencyKeyReusedException) {
                return Problem.of(422, "idempotency-key-reused", "Idempotency-Key reused", t.getMessage() + ".");
            }
            if (t instanceof io.steadfast.payment.domain.IllegalTransitionException it) {
                return Problem.of(Status.CONFLICT, "illegal-transition", "Not allowed in the current state", capitalize(it.getMessage()) + ".");
            }
            if (t instanceof io.steadfast.payment.application.PaymentNotFoundException) {
                return Problem.of(Status.NOT_FOUND, "not-found", "Not found", Text.escape(t.getMessage()));
            }
            if (t instanceof io.steadfast.operations.application.OperationTargetNotFoundException) {
                return Problem.of(Status.NOT_FOUND, "not-found", "Not found", Text.escape(t.getMessage()) + ".");
            }
            if (t instanceof io.steadfast.operations.application.OperatorActionRefusedException) {
                return Problem.of(Status.CONFLICT, "operator-action-refused", "Action refused", Text.escape(t.getMessage()) + ".");
            }
            if (t instanceof IdempotencyConflictException) {
                return Problem.of(Status.CONFLICT, "idempotency-key-in-use", "Request in progress", t.getMessage());
            }
            if (t instanceof ConstraintViolationException cve) {
                return Problem.of(Status.BAD_REQUEST, "invalid-request", "Invalid request", describe(cve));
            }
            if (t instanceof JsonbException || t instanceof JsonException) {
                return malformedJson();
            }
            if (t instanceof ProcessingException && !(t.getCause() instanceof ProblemException)) {
                return malformedJson();
            }
            if (t instanceof NotFoundException) {
                return Problem.of(Status.NOT_FOUND, "not-found", "Not found", "There is no resource at this address.");
            }
            if (t instanceof WebApplicationException w && !(t.getCause() instanceof JsonbException) && !(t.getCause() instanceof ProcessingException)) {
                int status = w.getResponse().getStatus();
                if (status < 500) {
                    Status s = Status.fromStatusCode(status);
                    String title = s == null ? "Client error" : s.getReasonPhrase();
                    return new Problem("urn:steadfast:problem:http-" + status, title, status, title + ".");
                }
            }
            if (!(t instanceof EJBException) && !(t instanceof WebApplicationException) && !(t instanceof ProcessingException)
                    && !(t instanceof jakarta.persistence.PersistenceException)) {
                break;
            }
        }
        String reference = UUID.randomUUID().toString();
        StackTraceLimiter.logUnexpected(reference, thrown);
        return Problem.of(Status.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
                "The server could not complete the request. Quote reference " + reference + " to the operator.");
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static Problem malformedJson() {
        return Problem.of(Status.BAD_REQUEST, "malformed-json", "Malformed JSON",
                "The request body is not valid JSON of the expected shape (numbers where numbers belong, strings where strings belong).");
    }

    static String describe(ConstraintViolationException cve) {
        return describe(cve.getConstraintViolations());
    }

    /** "field: message; field: message", sorted by field, for a problem's detail. */
    public static String describe(java.util.Set<? extends ConstraintViolation<?>> violations) {
        return violations.stream()
                .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                .map(ProblemMapper::describe)
                .collect(Collectors.joining("; "));
    }

    private static String describe(ConstraintViolation<?> v) {
        String path = v.getPropertyPath().toString();
        int dot = path.lastIndexOf('.');
        return (dot >= 0 ? path.substring(dot + 1) : path) + ": " + Text.escape(v.getMessage());
    }
}
