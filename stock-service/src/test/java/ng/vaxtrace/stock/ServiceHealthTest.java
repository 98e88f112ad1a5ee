package ng.vaxtrace.stock;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = StockTestResource.class, initArgs = @ResourceArg(name = "database", value = "vaxtrace_stock"))
class ServiceHealthTest {

    @Test
    void shouldBeReadyOnlyWithItsDatabaseRedisAndKafkaChecked() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItems("Database connections health check", "Redis connection health check",
                        "SmallRye Reactive Messaging - readiness check"));
    }

    @Test
    void shouldExposePrometheusMetricsAndTheOpenApiDocument() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/facilities/{facilityCode}/stock"));
    }
}
