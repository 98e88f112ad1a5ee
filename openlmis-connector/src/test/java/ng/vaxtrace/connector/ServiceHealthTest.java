package ng.vaxtrace.connector;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import ng.vaxtrace.testing.InfraTestResource;

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
}
