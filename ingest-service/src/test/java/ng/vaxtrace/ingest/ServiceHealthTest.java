package ng.vaxtrace.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import ng.vaxtrace.ingest.rest.SigningClientResource;
import ng.vaxtrace.testing.InfraTestResource;

@QuarkusTest
@WithTestResource(value = InfraTestResource.class)
@WithTestResource(value = SigningClientResource.class)
class ServiceHealthTest {

    @Test
    void shouldBeReadyOnlyWithKafkaAndRedisChecked() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItems("SmallRye Reactive Messaging - readiness check", "Redis connection health check"));
    }

    @Test
    void shouldExposePrometheusMetricsAndTheOpenApiDocument() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/stock-events/batch"));
    }

    @Test
    void shouldSendSecurityHeadersAndGrantNoCrossOriginAccess() {
        given().get("/q/health/live").then().statusCode(200).header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY").header("Strict-Transport-Security", containsString("max-age="));
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .options("/api/v1/stock-events").then().header("Access-Control-Allow-Origin", nullValue());
    }
}
