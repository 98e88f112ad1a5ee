package ng.vaxtrace.stock.contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class PiiCipherTest {

    private final String oldKey = PiiCipher.newKeyEntry("k1");
    private final String newKey = PiiCipher.newKeyEntry("k2");

    @Test
    void shouldDecryptWhatItEncryptedWithAFreshIvEachTime() {
        PiiCipher cipher = PiiCipher.of(newKey);
        byte[] first = cipher.encrypt("NG-F1", "phone", "+2348031234567");
        byte[] second = cipher.encrypt("NG-F1", "phone", "+2348031234567");
        assertThat(first).isNotEqualTo(second);
        assertThat(cipher.decrypt("k2", "NG-F1", "phone", first)).isEqualTo("+2348031234567");
    }

    @Test
    void shouldRefuseAValueMovedToAnotherFacilityOrFieldOrTampered() {
        PiiCipher cipher = PiiCipher.of(newKey);
        byte[] sealed = cipher.encrypt("NG-F1", "phone", "+2348031234567");
        assertThatThrownBy(() -> cipher.decrypt("k2", "NG-F2", "phone", sealed)).hasMessageNotContaining("+234");
        assertThatThrownBy(() -> cipher.decrypt("k2", "NG-F1", "name", sealed)).isInstanceOf(IllegalStateException.class);
        byte[] tampered = Arrays.copyOf(sealed, sealed.length);
        tampered[tampered.length - 1] ^= 1;
        assertThatThrownBy(() -> cipher.decrypt("k2", "NG-F1", "phone", tampered)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldEncryptWithTheFirstKeyAndStillDecryptWithTheOthers() {
        byte[] underOld = PiiCipher.of(oldKey).encrypt("NG-F1", "name", "Amina Bello");
        PiiCipher rotated = PiiCipher.of(newKey + "," + oldKey);
        assertThat(rotated.activeKeyId()).isEqualTo("k2");
        assertThat(rotated.retiredKeyIds()).containsExactly("k1");
        assertThat(rotated.decrypt("k1", "NG-F1", "name", underOld)).isEqualTo("Amina Bello");
        assertThatThrownBy(() -> PiiCipher.of(newKey).decrypt("k1", "NG-F1", "name", underOld)).hasMessageContaining("not configured");
    }

    @Test
    void shouldRefuseMissingOrMalformedKeysWithoutShowingThem() {
        assertThatThrownBy(() -> PiiCipher.of("")).hasMessageContaining("VAXTRACE_PII_KEYS");
        assertThatThrownBy(() -> PiiCipher.of("k1:c2hvcnQ=")).hasMessageContaining("256 bits").hasMessageNotContaining("c2hvcnQ");
        assertThatThrownBy(() -> PiiCipher.of("k1:***")).hasMessageContaining("not base64");
        assertThatThrownBy(() -> PiiCipher.of(newKey + "," + newKey)).hasMessageContaining("twice");
        assertThatThrownBy(() -> PiiCipher.of("no-colon")).hasMessageContaining("entry 1");
    }

    @Test
    void shouldMaskNamesToInitialsAndPhonesToTheLastTwoDigits() {
        assertThat(Masking.name("Amina  Bello")).isEqualTo("A. B.");
        assertThat(Masking.phone("+2348031234567")).isEqualTo("…67");
        assertThat(new Contact("NG-F1", "Amina Bello", "+2348031234567", null, "x").toString()).doesNotContain("Amina", "803123");
    }
}
