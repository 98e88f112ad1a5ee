package ng.vaxtrace.connector.rest;

import ng.vaxtrace.contracts.Problem;

/** Carries the problem document a resource answers with. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
