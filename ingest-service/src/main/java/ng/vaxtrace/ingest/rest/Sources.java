package ng.vaxtrace.ingest.rest;

/** CloudEvent {@code source} values: which authenticated client sent an event. */
final class Sources {

    private Sources() {
    }

    static String client(String clientId) {
        return "/ingest-service/clients/" + clientId;
    }
}
