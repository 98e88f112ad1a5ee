package ng.vaxtrace.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import ng.vaxtrace.testing.InfraTestResource;

@QuarkusTest
@WithTestResource(value = InfraTestResource.class)
class ServiceHealthTest {

    @Test
    void shouldBeReadyOnlyWithKafkaChecked() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItems("SmallRye Reactive Messaging - readiness check"));
    }

    @Test
    void shouldExposePrometheusMetricsAndAnOpenApiDocument() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("openapi"));
    }

    @Test
    void shouldAnswerWithTheSecurityHeadersAndNoTokenNeededForOperations() {
        given().get("/q/health/live").then().statusCode(200).header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY").header("Content-Security-Policy", containsString("frame-ancestors 'none'"));
    }
}
