package ng.vaxtrace.ingest.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.ingest.auth.RequestSignature;
import ng.vaxtrace.ingest.rest.OpenLmisIds;
import ng.vaxtrace.ingest.rest.SigningClientResource;
import ng.vaxtrace.testing.InfraTestResource;
import ng.vaxtrace.testing.TopicProbe;

/**
 * The hostile-input corpus of every ingest endpoint (docs/input-contract.md): each case is correctly signed, so only
 * the input contract stands between it and Kafka. Every case must be answered with the expected 4xx (never a 5xx),
 * as problem+json naming the field (a batch answers 400 with every item's errors), and nothing of the corpus may
 * reach a topic: sentinels sent last on the same keys prove the topics were read up to the end.
 */
@QuarkusTest
@WithTestResource(value = InfraTestResource.class)
@WithTestResource(value = SigningClientResource.class)
class HostileInputTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TestHTTPResource("/")
    URI base;

    @ConfigProperty(name = "vaxtrace.ingest.clients.field-test.secrets")
    List<String> secrets;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private int sent;

    @TestFactory
    Stream<DynamicTest> shouldRefuseEveryHostileInputByNameAndPublishNothing() {
        HostileCorpus corpus = new HostileCorpus(Instant.now());
        List<HostileCorpus.Case> cases = corpus.cases();
        assertThat(cases).hasSizeGreaterThan(300);
        TopicProbe events = new TopicProbe(bootstrap, Topics.STOCK_EVENTS);
        TopicProbe readings = new TopicProbe(bootstrap, Topics.COLDCHAIN_READINGS);
        List<DynamicTest> tests = new ArrayList<>();
        for (HostileCorpus.Case c : cases) {
            tests.add(DynamicTest.dynamicTest(c.name(), () -> refused(c)));
        }
        tests.add(DynamicTest.dynamicTest("nothing of the corpus reached Kafka", () -> {
            try (events; readings) {
                List<String> sentinels = List.of(send(corpus.sentinelEvent(corpus.facility())), send(corpus.sentinelEvent(OpenLmisIds.FACILITY_CODE)));
                String reading = send(corpus.sentinelReading());
                for (String id : sentinels) {
                    events.await(r -> r.value().contains(id), Duration.ofSeconds(10));
                }
                readings.await(r -> r.value().contains(reading), Duration.ofSeconds(10));
                assertThat(events.seen()).extracting(r -> r.value()).allMatch(v -> sentinels.stream().anyMatch(v::contains));
                assertThat(readings.seen()).extracting(r -> r.value()).allMatch(v -> v.contains(reading));
            }
        }));
        return tests.stream();
    }

    private void refused(HostileCorpus.Case c) throws Exception {
        HttpResponse<String> response = post(c.path(), c.body(), c.headers());
        assertThat(response.statusCode()).as("status of %s, answered %s", c.name(), response.body()).isEqualTo(c.status());
        String type = response.headers().firstValue("Content-Type").orElse("");
        JsonNode answer = EventJson.tree(response.body());
        if (c.path().endsWith("/batch") && type.startsWith("application/json")) {
            assertThat(answer.path("accepted").asInt(-1)).as("accepted items of %s", c.name()).isZero();
        } else {
            assertThat(type).as("content type of %s", c.name()).startsWith("application/problem+json");
            assertThat(answer.path("status").asInt()).isEqualTo(c.status());
        }
        assertThat(answer.findValuesAsText("field")).as("fields named by the answer to %s: %s", c.name(), response.body())
                .contains(c.field());
    }

    /** Posts a valid item and answers its id (the sentinel). */
    private String send(HostileCorpus.Sentinel sentinel) throws Exception {
        HttpResponse<String> response = post(sentinel.path(), sentinel.body().getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return sentinel.id();
    }

    /**
     * Signed with a timestamp inside the ±5 min window that differs from those of the previous 500 requests, so that
     * equal bodies (the same body under other headers) never share a signature, which is single-use.
     */
    private HttpResponse<String> post(String path, byte[] body, Map<String, String> headers) throws Exception {
        long timestamp = Instant.now().getEpochSecond() - 250 + sent++ % 500;
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header(RequestSignature.CLIENT_HEADER, SigningClientResource.CLIENT)
                .header(RequestSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(RequestSignature.SIGNATURE_HEADER, RequestSignature.sign(secrets.get(0), timestamp, body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
