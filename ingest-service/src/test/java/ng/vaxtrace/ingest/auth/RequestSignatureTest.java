package ng.vaxtrace.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class RequestSignatureTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(5);
    private static final byte[] BODY = "{\"eventId\":\"abc\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void shouldMatchAnIndependentlyComputedHmac() {
        // printf '%s' '1700000000.{"eventId":"abc"}' | openssl dgst -sha256 -hmac s3cret
        assertThat(RequestSignature.sign("s3cret", 1_700_000_000L, BODY))
                .isEqualTo("v1=8de8a5a340a19a38c0872e0a3e7200a7d413ae66b711cfc54badc301c1a4e313");
    }

    @Test
    void shouldAcceptASignatureMadeWithEitherActiveSecret() {
        long ts = NOW.getEpochSecond();
        String byNew = RequestSignature.sign("new-secret", ts, BODY);
        String byOld = RequestSignature.sign("old-secret", ts, BODY);
        List<String> secrets = List.of("old-secret", "new-secret");
        assertThat(RequestSignature.verify(secrets, Long.toString(ts), byNew, BODY, NOW, WINDOW)).isNull();
        assertThat(RequestSignature.verify(secrets, Long.toString(ts), byOld, BODY, NOW, WINDOW)).isNull();
    }

    @Test
    void shouldRejectABodyChangedByOneByte() {
        long ts = NOW.getEpochSecond();
        String signature = RequestSignature.sign("s", ts, BODY);
        byte[] altered = "{\"eventId\":\"abd\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(RequestSignature.verify(List.of("s"), Long.toString(ts), signature, altered, NOW, WINDOW))
                .isEqualTo("signature does not match the body");
    }

    @Test
    void shouldRejectATimestampJustOutsideTheReplayWindow() {
        long inside = NOW.minus(WINDOW).getEpochSecond();
        long outside = inside - 1;
        assertThat(RequestSignature.verify(List.of("s"), Long.toString(inside), RequestSignature.sign("s", inside, BODY), BODY, NOW, WINDOW)).isNull();
        assertThat(RequestSignature.verify(List.of("s"), Long.toString(outside), RequestSignature.sign("s", outside, BODY), BODY, NOW, WINDOW))
                .startsWith("timestamp outside the allowed window");
    }

    @Test
    void shouldRejectSignaturesOfTheWrongLengthOrAlphabetWithoutThrowing() {
        String ts = Long.toString(NOW.getEpochSecond());
        assertThat(RequestSignature.verify(List.of("s"), ts, "v1=abcd", BODY, NOW, WINDOW)).isEqualTo("signature does not match the body");
        assertThat(RequestSignature.verify(List.of("s"), ts, "v1=zz", BODY, NOW, WINDOW)).contains("not hexadecimal");
        assertThat(RequestSignature.verify(List.of("s"), ts, "sha1=00", BODY, NOW, WINDOW)).contains("malformed");
        assertThat(RequestSignature.verify(List.of("s"), "yesterday", "v1=00", BODY, NOW, WINDOW)).contains("Unix seconds");
    }
}
