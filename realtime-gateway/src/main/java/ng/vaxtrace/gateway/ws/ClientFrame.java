package ng.vaxtrace.gateway.ws;

/**
 * A frame from a dashboard: {@code {"action":"subscribe"|"unsubscribe"|"page"|"ping","room":"state:NG-KN",
 * "product":"PENTA","changes":true,"epoch":"…","seq":42}}; {@code changes} asks an aggregate room for its stock
 * changes too; {@code epoch} and {@code seq} (the last frame seen) ask to resume;
 * {@code of} (stock or alerts), {@code cursor} and {@code limit} ask for a page of a joined room's facility detail.
 */
public record ClientFrame(String action, String room, String product, Boolean changes, String epoch, Long seq, String of, String cursor,
        Integer limit) {
}
