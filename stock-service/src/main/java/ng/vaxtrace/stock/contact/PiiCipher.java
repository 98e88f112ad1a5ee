package ng.vaxtrace.stock.contact;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for personal data at rest. Each value gets a random 96-bit IV (stored in front of the ciphertext) and
 * is bound by its AAD to the facility and field it belongs to, so a ciphertext copied to another row or column does
 * not decrypt. Keys come from configuration ({@code id:base64key,...}); the first encrypts, all decrypt.
 */
public final class PiiCipher {

    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,32}");
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, SecretKey> keys;
    private final String activeKeyId;

    private PiiCipher(Map<String, SecretKey> keys) {
        this.keys = Collections.unmodifiableMap(keys);
        this.activeKeyId = keys.keySet().iterator().next();
    }

    /**
     * @param configured {@code id:base64-256-bit-key} entries, comma-separated, the active one first
     * @throws IllegalArgumentException naming the entry at fault (never its key material)
     */
    public static PiiCipher of(String configured) {
        if (configured == null || configured.isBlank()) {
            throw new IllegalArgumentException("vaxtrace.pii.keys is empty: set VAXTRACE_PII_KEYS to id:base64-256-bit-key[,...]");
        }
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        String[] entries = configured.split(",");
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].strip();
            int colon = entry.indexOf(':');
            String id = colon < 0 ? "" : entry.substring(0, colon);
            if (!KEY_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("vaxtrace.pii.keys entry " + (i + 1) + ": expected id:base64key with an id of 1-32 letters, digits, '.', '_' or '-'");
            }
            byte[] material;
            try {
                material = Base64.getDecoder().decode(entry.substring(colon + 1).strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("vaxtrace.pii.keys key " + id + " is not base64");
            }
            if (material.length != 32) {
                throw new IllegalArgumentException("vaxtrace.pii.keys key " + id + " must be 256 bits (32 bytes), not " + material.length * 8);
            }
            if (keys.put(id, new SecretKeySpec(material, "AES")) != null) {
                throw new IllegalArgumentException("vaxtrace.pii.keys names key " + id + " twice");
            }
        }
        return new PiiCipher(keys);
    }

    /** A fresh random key in the configuration's format, for tests and for operators making a new key. */
    public static String newKeyEntry(String id) {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return id + ":" + Base64.getEncoder().encodeToString(key);
    }

    public String activeKeyId() {
        return activeKeyId;
    }

    /** The configured keys other than the active one: they only decrypt, until re-encryption has moved every row. */
    public List<String> retiredKeyIds() {
        return keys.keySet().stream().filter(id -> !id.equals(activeKeyId)).toList();
    }

    /** Encrypts under the active key: IV ‖ ciphertext ‖ tag. */
    public byte[] encrypt(String facilityCode, String field, String plaintext) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(aad(facilityCode, field));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    /**
     * @throws IllegalStateException when the key is not configured or the value does not authenticate (tampered, or
     *                               moved to another facility or field); the message never holds the value
     */
    public String decrypt(String keyId, String facilityCode, String field, byte[] stored) {
        SecretKey key = keys.get(keyId);
        if (key == null) {
            throw new IllegalStateException("personal data of " + facilityCode + " is under key " + keyId + ", which is not configured");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 0, IV_BYTES));
            cipher.updateAAD(aad(facilityCode, field));
            return new String(cipher.doFinal(stored, IV_BYTES, stored.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("personal data of " + facilityCode + " (" + field + ") does not authenticate under key " + keyId);
        }
    }

    private static byte[] aad(String facilityCode, String field) {
        return ("vaxtrace:facility_contact:" + facilityCode + ":" + field).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "PiiCipher[active=" + activeKeyId + ", keys=" + keys.keySet() + "]";
    }
}
