package ng.vaxtrace.gateway.ws;

/** A frame from a dashboard: {@code {"action":"subscribe"|"unsubscribe"|"ping","room":"facility:NG-..."}}. */
public record ClientFrame(String action, String room) {
}
