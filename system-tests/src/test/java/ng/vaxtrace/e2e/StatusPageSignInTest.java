package ng.vaxtrace.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import ng.vaxtrace.security.Roles;
import ng.vaxtrace.testing.LocalInfra;
import ng.vaxtrace.testing.ServiceProcess;

/**
 * A person signs in to the status page through the OIDC provider (authorization code + PKCE) in a real browser:
 * stock-service serves the page and verifies the tokens; {@link OidcProviderStandIn} plays the Keycloak realm.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatusPageSignInTest {

    private static final String CLIENT = "vaxtrace-dashboard";
    /** Short, so the page has to refresh within the test; Keycloak's realm gives five minutes. */
    private static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofSeconds(12);

    private OidcProviderStandIn provider;
    private ServiceProcess stock;

    @BeforeAll
    void start() throws Exception {
        LocalInfra.Endpoints infra = LocalInfra.start();
        provider = new OidcProviderStandIn(CLIENT, ACCESS_TOKEN_LIFETIME,
                List.of(new OidcProviderStandIn.User("kano-officer", Roles.STATE_OFFICER, "NG-KN")));
        stock = ServiceProcess.start("stock-service", Map.of("kafka.bootstrap.servers", infra.kafkaBootstrap(),
                "quarkus.redis.hosts", infra.redisUrl(),
                "quarkus.datasource.reactive.url", infra.reactiveUrl("vaxtrace_stock"),
                "quarkus.datasource.jdbc.url", infra.jdbcUrl("vaxtrace_stock"),
                "quarkus.datasource.username", infra.pgUser(),
                // no alert-service or gateway here: the page shows them as unreachable, which this test ignores
                "vaxtrace.status-page.alerts-url", "http://127.0.0.1:9",
                "vaxtrace.status-page.gateway-url", "ws://127.0.0.1:9/ws/v1",
                "vaxtrace.status-page.sign-in.issuer", provider.issuer()),
                Map.of("QUARKUS_DATASOURCE_PASSWORD", infra.pgPassword()));
        provider.registerRedirectUri(stock.uri("/status/"));
        stock.awaitReady();
    }

    @AfterAll
    void stop() throws Exception {
        if (stock != null) {
            stock.close();
        }
        if (provider != null) {
            provider.close();
        }
    }

    /**
     * The page refuses a callback it did not start, signs in at the provider with a PKCE-checked code, keeps working
     * past its first token's expiry by refreshing, and signs out at the provider. The screenshot (signed out) is kept
     * in system-tests/target/status-page-signed-out.png.
     */
    @Test
    void shouldSignInRefreshAndSignOutThroughTheProvider() throws Exception {
        Path root = LocalInfra.root();
        Path screenshot = root.resolve("system-tests/target/status-page-signed-out.png");
        Files.deleteIfExists(screenshot);
        ProcessBuilder builder = new ProcessBuilder("node",
                root.resolve("system-tests/browser/check-status-page-sign-in.mjs").toString(),
                stock.uri("/status/?product=PENTA").toString(), "kano-officer", screenshot.toString()).redirectErrorStream(true);
        builder.environment().put("VAXTRACE_NODE_MODULES", root.resolve(".local/node/node_modules").toString());
        Process browser = builder.start();
        browser.getOutputStream().close();
        boolean finished = browser.waitFor(3, TimeUnit.MINUTES);
        if (!finished) {
            browser.destroyForcibly();
        }
        List<String> output = output(browser);
        assertThat(finished).as("browser check finished; its output: %s", output).isTrue();
        assertThat(browser.exitValue()).as("browser check output: %s", output).isZero();
        assertThat(output).contains("FORGED-CALLBACK-REFUSED", "REFRESHED", "SIGNED-IN-AFTER-FIRST-TOKEN-EXPIRED", "SIGNED-OUT")
                .anyMatch(line -> line.startsWith("SIGNED-IN kano-officer · state-officer · NG-KN"));
        // The provider saw the whole flow, and the forged code never reached its token endpoint.
        assertThat(provider.log).startsWith("authorize", "code-exchange kano-officer")
                .contains("refresh kano-officer", "logout kano-officer")
                .noneMatch(line -> line.startsWith("refused"));
        assertThat(screenshot).exists();
    }

    private static List<String> output(Process process) throws IOException {
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
}
