package ng.vaxtrace.ingest.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.FieldViolation;

/** One item a client submitted: either an event ready to publish, or the reasons it was refused. */
public record Submission(String eventId, CloudEvent<?> event, List<FieldViolation> errors) {

    public static Submission valid(CloudEvent<?> event) {
        return new Submission(event.id(), event, List.of());
    }

    public static Submission invalid(String eventId, List<FieldViolation> errors) {
        return new Submission(eventId, null, errors);
    }

    public boolean isValid() {
        return errors.isEmpty();
    }

    /** What the event says (type, subject, payload), hashed: a re-send must say the same to count as the same event. */
    public String fingerprint() {
        String content = event.type() + "\n" + event.subject() + "\n" + EventJson.write(event.data());
        return sha256(content.getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
