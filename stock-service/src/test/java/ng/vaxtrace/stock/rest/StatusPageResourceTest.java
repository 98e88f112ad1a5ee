package ng.vaxtrace.stock.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class StatusPageResourceTest {

    @Test
    void shouldNeverAcceptDevelopmentTokensUnderTheProdProfile() {
        assertThat(StatusPageResource.devTokensAllowed(true, List.of("prod"))).isFalse();
        assertThat(StatusPageResource.devTokensAllowed(true, List.of("prod", "kubernetes"))).isFalse();
    }

    @Test
    void shouldAcceptDevelopmentTokensLocallyOnlyWhenConfigured() {
        assertThat(StatusPageResource.devTokensAllowed(true, List.of("local"))).isTrue();
        assertThat(StatusPageResource.devTokensAllowed(false, List.of("local"))).isFalse();
    }
}
