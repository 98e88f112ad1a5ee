package ng.vaxtrace.gateway.hub;

/** Where a room's frames go: a connection's bounded send queue (or, in unit tests, a list). */
public interface Subscriber {

    String id();

    /** Hands a frame over without blocking; called in room order, under the hub's lock. */
    void offer(OutFrame frame);
}
