package io.steadfast.web.problem;

/** Thrown by resources to answer with a specific problem document. */
public class ProblemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(Problem.of(jakarta.ws.rs.core.Response.Status.BAD_REQUEST, "invalid-request", "Invalid request", detail));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(Problem.of(jakarta.ws.rs.core.Response.Status.NOT_FOUND, "not-found", "Not found", detail));
    }
}
