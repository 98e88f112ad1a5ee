package ng.vaxtrace.stock;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import ng.vaxtrace.security.Roles;
import ng.vaxtrace.testing.TestIssuer;

/** Requests as a signed-in user of a role and area (tokens from the test JVM's development issuer). */
final class Api {

    private Api() {
    }

    static RequestSpecification as(String role, String area) {
        return given().header("Authorization", TestIssuer.bearer(role, area));
    }

    static RequestSpecification national() {
        return as(Roles.NATIONAL_OFFICER, null);
    }

    static RequestSpecification admin() {
        return as(Roles.ADMIN, null);
    }
}
