package ng.vaxtrace.alert;

import static io.restassured.RestAssured.given;
import static ng.vaxtrace.alert.AlertTestSupport.as;
import static ng.vaxtrace.alert.AlertTestSupport.asNational;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import ng.vaxtrace.contracts.Problem;
import ng.vaxtrace.security.DevIssuer;
import ng.vaxtrace.security.Roles;
import ng.vaxtrace.testing.InfraTestResource;
import ng.vaxtrace.testing.TestIssuer;

/** Who may call at all (401), what a token that does not fit gets (403), headers, size limit, and the audit table's guard. */
@QuarkusTest
@WithTestResource(value = InfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "vaxtrace_alert"))
class AlertSecurityTest {

    private static final String SOME_ALERT = UUID.randomUUID().toString();

    @Inject
    Pool pool;

    static Stream<Arguments> endpoints() {
        return Stream.of(Arguments.of("GET", "/api/v1/alerts"), Arguments.of("GET", "/api/v1/alerts/counts"),
                Arguments.of("GET", "/api/v1/alerts/" + SOME_ALERT), Arguments.of("POST", "/api/v1/alerts/" + SOME_ALERT + "/acknowledge"),
                Arguments.of("POST", "/api/v1/alerts/" + SOME_ALERT + "/resolve"), Arguments.of("GET", "/api/v1/audit"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("endpoints")
    void shouldAnswer401WithoutAValidToken(String method, String path) {
        String expired = TestIssuer.shared().sign(Map.of("iss", DevIssuer.ISSUER, "sub", "late", "preferred_username", "late",
                "groups", List.of(Roles.ADMIN), "iat", Instant.now().minus(Duration.ofHours(3)).getEpochSecond(),
                "exp", Instant.now().minus(Duration.ofHours(2)).getEpochSecond()));
        String foreign = DevIssuer.generate().token("mallory", Roles.ADMIN, null, Duration.ofHours(1));
        for (String authorization : new String[] { null, "Bearer " + expired, "Bearer " + foreign, "Bearer not-a-token" }) {
            var request = given().contentType(ContentType.JSON).body("{}");
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            request.request(method, path).then().statusCode(401).contentType(Problem.MEDIA_TYPE)
                    .header("WWW-Authenticate", startsWith("Bearer")).body("status", equalTo(401));
        }
    }

    @Test
    void shouldRefuseATokenWithoutAVaxTraceRoleOrWithAnAreaThatDoesNotFitItsRole() {
        given().header("Authorization", "Bearer " + TestIssuer.shared().token("stranger", "viewer", null, Duration.ofHours(1)))
                .get("/api/v1/alerts").then().statusCode(403).contentType(Problem.MEDIA_TYPE)
                .body("detail", containsString("none of the VaxTrace roles"));
        as(Roles.STATE_OFFICER, "NG-KN-017").get("/api/v1/alerts/counts").then().statusCode(403).contentType(Problem.MEDIA_TYPE)
                .body("detail", containsString("does not fit role state-officer"));
        as(Roles.ANALYST, "NG-KN").get("/api/v1/alerts").then().statusCode(403).body("detail", containsString("is national"));
    }

    @Test
    void shouldSendSecurityHeadersOnApiAnswers() {
        asNational().get("/api/v1/alerts/counts").then().statusCode(200)
                .header("X-Content-Type-Options", "nosniff").header("X-Frame-Options", "DENY")
                .header("Cache-Control", containsString("private")).header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Strict-Transport-Security", startsWith("max-age=")).header("Referrer-Policy", "no-referrer");
    }

    @Test
    void shouldAnswer413AsAProblemForAnOversizedBody() {
        String note = "x".repeat(20_000);
        as(Roles.ADMIN, null).contentType(ContentType.JSON).body("{\"note\":\"" + note + "\"}")
                .post("/api/v1/alerts/{id}/acknowledge", SOME_ALERT).then().statusCode(413).contentType(Problem.MEDIA_TYPE)
                .body("status", equalTo(413));
    }

    @Test
    void shouldNotAllowAForeignOriginByCors() {
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "Authorization").options("/api/v1/alerts").then()
                .header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void shouldRefuseToChangeOrDeleteAuditRowsAtTheDatabase() {
        pool.query("insert into audit_log (at, actor, role, actor_area, action, subject_type, subject_id) "
                + "values (now(), 'test', 'admin', 'NG', 'alert.resolve', 'alert', 'trigger-test')").execute().await().indefinitely();
        assertThatThrownBy(() -> pool.query("update audit_log set note = 'rewritten' where subject_id = 'trigger-test'").execute()
                .await().indefinitely()).hasMessageContaining("append-only");
        assertThatThrownBy(() -> pool.query("delete from audit_log where subject_id = 'trigger-test'").execute().await().indefinitely())
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> pool.query("truncate audit_log").execute().await().indefinitely()).hasMessageContaining("append-only");
    }
}
