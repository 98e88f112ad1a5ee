package ng.vaxtrace.stock.contact;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import ng.vaxtrace.security.Caller;
import ng.vaxtrace.stock.audit.AuditLog;

/**
 * Facility contacts: encrypted on the way in, decrypted on the way out, audited with masked values only. Names and
 * phone numbers never reach a log line, the cache, an event or the facility detail; only the contact endpoints
 * answer them, to officers in scope and administrators.
 */
@ApplicationScoped
public class ContactService {

    static final String NAME = "name";
    static final String PHONE = "phone";
    private static final String SUBJECT = "facility-contact";
    private static final int REENCRYPT_BATCH = 100;

    private final PiiCipher cipher;
    private final AuditLog audit;
    private final Clock clock;

    public ContactService(PiiCipher cipher, AuditLog audit, Clock clock) {
        this.cipher = cipher;
        this.audit = audit;
        this.clock = clock;
    }

    /** What re-encryption did: rows moved to the active key, and rows left under keys no longer configured. */
    public record ReEncryption(long reEncrypted, String activeKeyId, long unreadable) {
    }

    /** The facility's contact in clear, or {@code null} when it has none. */
    public Uni<Contact> find(String facilityCode) {
        return Panache.withSession(() -> FacilityContact.<FacilityContact>findById(facilityCode)).map(row -> row == null ? null : decrypt(row));
    }

    /** Sets the contact (name and phone already validated), audited with masked before/after. */
    public Uni<Contact> save(Caller caller, String facilityCode, String name, String phone) {
        Log.debugf("contact of %s updated by %s", facilityCode, caller.actor());
        Instant now = clock.instant();
        return Panache.withTransaction(() -> FacilityContact.<FacilityContact>findById(facilityCode, LockModeType.PESSIMISTIC_WRITE)
                .flatMap(existing -> {
                    Map<String, Object> before = existing == null ? null : masked(decrypt(existing));
                    FacilityContact row = existing != null ? existing : new FacilityContact();
                    row.facilityCode = facilityCode;
                    seal(row, name, phone);
                    row.updatedAt = now;
                    row.updatedBy = caller.actor();
                    Contact saved = new Contact(facilityCode, name, phone, now, caller.actor());
                    return row.persist().chain(() -> audit.record(caller, AuditLog.CONTACT_UPDATE, SUBJECT, facilityCode, facilityCode,
                            before, masked(saved))).replaceWith(saved);
                }));
    }

    /** Deletes the contact (retention: when it is no longer needed); false when there was none. */
    public Uni<Boolean> delete(Caller caller, String facilityCode) {
        return Panache.withTransaction(() -> FacilityContact.<FacilityContact>findById(facilityCode, LockModeType.PESSIMISTIC_WRITE)
                .flatMap(existing -> existing == null ? Uni.createFrom().item(false)
                        : existing.delete().chain(() -> audit.record(caller, AuditLog.CONTACT_DELETE, SUBJECT, facilityCode, facilityCode,
                                masked(decrypt(existing)), null)).replaceWith(true)));
    }

    /**
     * Re-encrypts, batch by batch (one transaction each), every row under a configured key other than the active
     * one. Rows under keys no longer configured cannot be read and are counted, not touched.
     */
    public Uni<ReEncryption> reEncrypt(Caller caller) {
        Log.infof("re-encrypting facility contacts under key %s (requested by %s)", cipher.activeKeyId(), caller.actor());
        return reEncryptFrom(0).flatMap(moved -> Panache.withTransaction(() -> FacilityContact.count("keyId <> ?1", cipher.activeKeyId())
                .flatMap(left -> {
                    ReEncryption result = new ReEncryption(moved, cipher.activeKeyId(), left);
                    return audit.record(caller, AuditLog.CONTACTS_REENCRYPT, "facility-contacts", "all", null, null, result)
                            .replaceWith(result);
                })));
    }

    private Uni<Long> reEncryptFrom(long done) {
        List<String> retired = cipher.retiredKeyIds();
        if (retired.isEmpty()) {
            return Uni.createFrom().item(done);
        }
        return Panache.withTransaction(() -> FacilityContact.<FacilityContact>find("keyId in ?1 order by facilityCode", retired)
                .withLock(LockModeType.PESSIMISTIC_WRITE).page(0, REENCRYPT_BATCH).list()
                .flatMap(batch -> {
                    for (FacilityContact row : batch) {
                        Contact clear = decrypt(row);
                        seal(row, clear.name(), clear.phone());
                    }
                    return Panache.getSession().flatMap(s -> s.flush()).replaceWith(batch.size());
                }))
                .flatMap(count -> count == 0 ? Uni.createFrom().item(done) : reEncryptFrom(done + count));
    }

    private void seal(FacilityContact row, String name, String phone) {
        row.keyId = cipher.activeKeyId();
        row.nameCipher = cipher.encrypt(row.facilityCode, NAME, name);
        row.phoneCipher = cipher.encrypt(row.facilityCode, PHONE, phone);
    }

    private Contact decrypt(FacilityContact row) {
        return new Contact(row.facilityCode, cipher.decrypt(row.keyId, row.facilityCode, NAME, row.nameCipher),
                cipher.decrypt(row.keyId, row.facilityCode, PHONE, row.phoneCipher), row.updatedAt, row.updatedBy);
    }

    /** What the audit log may hold about a contact: initials and the phone's last two digits. */
    static Map<String, Object> masked(Contact contact) {
        Map<String, Object> masked = new LinkedHashMap<>();
        masked.put(NAME, Masking.name(contact.name()));
        masked.put(PHONE, Masking.phone(contact.phone()));
        return masked;
    }
}
