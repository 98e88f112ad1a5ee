package ng.vaxtrace.alert.redistribution;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import ng.vaxtrace.alert.redistribution.TransferPlanner.Site;
import ng.vaxtrace.alert.redistribution.TransferPlanner.Transfer;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.TransferSuggestion;

/**
 * What changed between the suggestions last published and a new plan: new or changed suggestions (doses, lots, need,
 * distance) are suggested again with the next version, suggestions the plan no longer makes are withdrawn. Plain code:
 * {@link TransferPublisher} reads the published state and publishes the result.
 */
public final class TransferChanges {

    private TransferChanges() {
    }

    /** What was last published for a suggestion. */
    public record Published(int version, String status, String fingerprint) {
    }

    /** A suggestion to publish ({@code suggestion} with its new version) and the fingerprint to remember. */
    public record Change(TransferSuggestion suggestion, String fingerprint) {

        /**
         * The CloudEvent id: the same change always gets the same id (a republication after a crash is a duplicate a
         * consumer drops), a different change of the same version (the plan moved meanwhile) another one.
         */
        public String eventId() {
            return UUID.nameUUIDFromBytes(("transfer:" + suggestion.suggestionId() + ":" + suggestion.version() + ":"
                    + suggestion.status() + ":" + fingerprint).getBytes(StandardCharsets.UTF_8)).toString();
        }
    }

    /**
     * The suggested changes, in the plan's order (most urgent first), and the ids of the suggestions to withdraw
     * ({@link #withdrawal} makes their events once their last payload is read).
     */
    public record Diff(List<Change> suggested, List<String> withdrawn) {
    }

    public static Diff diff(Map<String, Published> published, List<Transfer> plan, Instant computedAt) {
        Map<String, TransferSuggestion> current = new LinkedHashMap<>();
        for (Transfer transfer : plan) {
            TransferSuggestion s = suggestion(transfer, computedAt);
            current.putIfAbsent(s.suggestionId(), s); // one per product, donor and receiver (the planner gives no more)
        }
        List<Change> suggested = new ArrayList<>();
        for (TransferSuggestion s : current.values()) {
            String fingerprint = fingerprint(s);
            Published last = published.get(s.suggestionId());
            if (last == null || !TransferSuggestion.SUGGESTED.equals(last.status()) || !last.fingerprint().equals(fingerprint)) {
                suggested.add(new Change(withVersion(s, last == null ? 1 : last.version() + 1, TransferSuggestion.SUGGESTED, computedAt),
                        fingerprint));
            }
        }
        List<String> withdrawn = new ArrayList<>();
        published.forEach((id, last) -> {
            if (TransferSuggestion.SUGGESTED.equals(last.status()) && !current.containsKey(id)) {
                withdrawn.add(id);
            }
        });
        withdrawn.sort(null);
        return new Diff(suggested, withdrawn);
    }

    /** The withdrawal of a suggestion, from what was last published of it. */
    public static Change withdrawal(TransferSuggestion last, String fingerprint, Instant computedAt) {
        return new Change(withVersion(last, last.version() + 1, TransferSuggestion.WITHDRAWN, computedAt), fingerprint);
    }

    static TransferSuggestion suggestion(Transfer t, Instant computedAt) {
        return new TransferSuggestion(TransferSuggestion.idOf(t.productCode(), t.from().facilityCode(), t.to().facilityCode()), 0,
                TransferSuggestion.SUGGESTED, t.productCode(), party(t.from()), party(t.to()), t.doses(),
                t.lots().stream().map(l -> new TransferSuggestion.ShippedLot(l.lotCode(), l.doses(), l.expiry())).toList(),
                t.distanceKm(), t.reach().name(), t.need().name(), computedAt);
    }

    /** What makes a suggestion different for the people acting on it: everything but its version, status and time. */
    static String fingerprint(TransferSuggestion s) {
        String content = EventJson.write(withVersion(s, 0, TransferSuggestion.SUGGESTED, null));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    private static TransferSuggestion withVersion(TransferSuggestion s, int version, String status, Instant computedAt) {
        return new TransferSuggestion(s.suggestionId(), version, status, s.productCode(), s.from(), s.to(), s.doses(), s.lots(),
                s.distanceKm(), s.reach(), s.need(), computedAt);
    }

    private static TransferSuggestion.Party party(Site site) {
        return new TransferSuggestion.Party(site.facilityCode(), site.zoneCode(), site.stateCode(), site.lgaCode(), site.latitude(),
                site.longitude());
    }
}
