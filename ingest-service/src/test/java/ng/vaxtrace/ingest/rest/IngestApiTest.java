package ng.vaxtrace.ingest.rest;

import java.util.List;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import io.restassured.specification.RequestSpecification;
import ng.vaxtrace.testing.TopicProbe;

/**
 * What every API test of the signed endpoints needs: the test client's secrets, and a probe on the topic the
 * endpoint writes to, opened before each test (so it sees only what the test causes).
 */
abstract class IngestApiTest {

    @ConfigProperty(name = "vaxtrace.ingest.clients.field-test.secrets")
    List<String> secrets;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    TopicProbe probe;

    /** The topic the endpoints under test publish to. */
    abstract String topic();

    @BeforeEach
    void openProbe() {
        probe = new TopicProbe(bootstrap, topic());
    }

    @AfterEach
    void closeProbe() {
        probe.close();
    }

    RequestSpecification signed(String body) {
        return TestRequests.signed(SigningClientResource.CLIENT, secrets.get(0), body);
    }
}
