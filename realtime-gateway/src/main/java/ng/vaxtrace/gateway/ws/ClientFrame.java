package ng.vaxtrace.gateway.ws;

/**
 * A frame from a dashboard: {@code {"action":"subscribe"|"unsubscribe"|"ping","room":"state:NG-KN",
 * "product":"PENTA","epoch":"…","seq":42}}; {@code epoch} and {@code seq} (the last frame seen) ask to resume.
 */
public record ClientFrame(String action, String room, String product, String epoch, Long seq) {
}
