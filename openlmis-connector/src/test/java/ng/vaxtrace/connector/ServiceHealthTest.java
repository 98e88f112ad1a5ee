package ng.vaxtrace.connector;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import ng.vaxtrace.security.Roles;
import ng.vaxtrace.testing.InfraTestResource;
import ng.vaxtrace.testing.TestIssuer;

@QuarkusTest
@WithTestResource(value = InfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "vaxtrace_connector"))
@WithTestResource(SimulatorTestResource.class)
class ServiceHealthTest {

    @Test
    void shouldBeReadyWithKafkaPostgresAndOpenLmisChecked() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItems("SmallRye Reactive Messaging - readiness check", "OpenLMIS"))
                .body("checks.find { it.name == 'OpenLMIS' }.data.circuitBreaker", equalTo("CLOSED"));
    }

    @Test
    void shouldExposePrometheusMetricsAndAnOpenApiDocument() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("openapi"));
    }

    @Test
    void shouldSendSecurityHeadersAndRefuseCrossOriginCallersAndLargeBodies() {
        given().get("/q/health/live").then().statusCode(200).header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY").header("Content-Security-Policy", containsString("frame-ancestors 'none'"));
        // No origin is on the allow-list here: a browser on another site gets no CORS grant.
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .options("/api/v1/sync").then().header("Access-Control-Allow-Origin", nullValue());
        given().header("Authorization", TestIssuer.bearer(Roles.ADMIN, null)).contentType("application/json")
                .body("x".repeat(32 * 1024)).post("/api/v1/sync").then().statusCode(413);
    }
}
