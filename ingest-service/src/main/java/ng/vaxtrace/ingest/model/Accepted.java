package ng.vaxtrace.ingest.model;

/** The answer to an accepted event: it is durable in Kafka. */
public record Accepted(String eventId, String status) {

    public static Accepted of(String eventId) {
        return new Accepted(eventId, "accepted");
    }
}
