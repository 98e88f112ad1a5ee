package ng.vaxtrace.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BearerSyntaxTest {

    @ParameterizedTest
    @ValueSource(strings = { "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhIn0." })
    void shouldLetThroughWhatHasTheShapeOfAJwtForTheVerifierToJudge(String token) {
        assertThat(BearerSyntax.wellFormed(token)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "", ".", "..", "nope", "a.b", "a.b.c.d", "a.b.c'", "a.b c.d", "a.b.c==", "a.b.c\u0000", "é.b.c", "a..c" })
    void shouldRefuseWhatIsNotASignedJwtBeforeAnythingParsesIt(String token) {
        assertThat(BearerSyntax.wellFormed(token)).isFalse();
    }
}
