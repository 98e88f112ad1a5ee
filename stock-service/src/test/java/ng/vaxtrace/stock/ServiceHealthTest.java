package ng.vaxtrace.stock;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = StockTestResource.class, initArgs = @ResourceArg(name = "database", value = "vaxtrace_stock"))
class ServiceHealthTest {

    @Test
    void shouldBeReadyOnlyWithItsDatabaseAndKafkaCheckedAndRedisShownAsADetail() {
        // Without Redis the service still serves (uncached), so Redis is a detail of readiness, not a condition.
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItems("Database connections health check", "Redis cache",
                        "SmallRye Reactive Messaging - readiness check"))
                .body("checks.name", not(hasItem("Redis connection health check")))
                .body("checks.find { it.name == 'Redis cache' }.data.redis", equalTo("reachable"));
    }

    @Test
    void shouldExposePrometheusMetricsAndTheOpenApiDocument() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/facilities/{facilityCode}/stock"));
    }
}
