package ng.vaxtrace.security;

/** The caller is known but may not do this (answered 403 with the reason as the problem's detail). */
public class AccessRefusedException extends RuntimeException {

    public AccessRefusedException(String reason) {
        super(reason, null, false, false);
    }
}
