package ng.vaxtrace.stock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.stock.ledger.OutboxFormat;
import ng.vaxtrace.stock.ledger.OutboxMessage;
import ng.vaxtrace.testing.TopicProbe;

/** A committed change whose publication never happened (the process died in between) is still published. */
@QuarkusTest
@WithTestResource(value = StockTestResource.class, initArgs = @ResourceArg(name = "database", value = "vaxtrace_stock"))
class OutboxRecoveryTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void shouldPublishAnOrphanedOutboxRowAndThenDeleteIt() throws Throwable {
        String marker = UUID.randomUUID().toString();
        OutboxMessage orphan = new OutboxMessage();
        orphan.topic = Topics.STOCK_LEVELS;
        orphan.messageKey = "NG-ORPHAN-1";
        orphan.payload = "{\"id\":\"" + marker + "\"}";
        orphan.createdAt = Instant.now().minusSeconds(60);
        try (TopicProbe levels = new TopicProbe(bootstrap, Topics.STOCK_LEVELS)) {
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(orphan::persist));
            ConsumerRecord<String, String> published = levels.await(r -> r.value().contains(marker), Duration.ofSeconds(15));
            assertThat(published.key()).isEqualTo("NG-ORPHAN-1");
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> findOutboxRow(orphan.id) == null);
    }

    @Test
    void shouldPublishEveryChangeOfAnOrphanedBatchRowInOrderWithItsKey() throws Throwable {
        String marker = UUID.randomUUID().toString();
        OutboxMessage orphan = new OutboxMessage();
        orphan.topic = Topics.STOCK_LEVELS;
        orphan.messageKey = OutboxFormat.BATCH_KEY;
        orphan.payload = OutboxFormat.frame(new String[] { "NG-ORPHAN-A", "NG-ORPHAN-B", "NG-ORPHAN-A" },
                new String[] { "{\"id\":\"" + marker + "-1\"}", "{\"id\":\"" + marker + "-2\"}", "{\"id\":\"" + marker + "-3\"}" },
                new String[] { "NG-KN-017,NG-KN,NG-NW,NG", "NG-LA-001,NG-LA,NG-SW,NG", "NG-KN-017,NG-KN,NG-NW,NG" });
        orphan.invalidateAreas = "";
        orphan.createdAt = Instant.now().minusSeconds(60);
        try (TopicProbe levels = new TopicProbe(bootstrap, Topics.STOCK_LEVELS)) {
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(orphan::persist));
            ConsumerRecord<String, String> third = levels.await(r -> r.value().contains(marker + "-3"), Duration.ofSeconds(15));
            assertThat(third.key()).isEqualTo("NG-ORPHAN-A");
            ConsumerRecord<String, String> first = levels.await(r -> r.value().contains(marker + "-1"), Duration.ofSeconds(5));
            assertThat(first.key()).isEqualTo("NG-ORPHAN-A");
            assertThat(first.offset()).isLessThan(third.offset());
            assertThat(levels.await(r -> r.value().contains(marker + "-2"), Duration.ofSeconds(5)).key()).isEqualTo("NG-ORPHAN-B");
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> findOutboxRow(orphan.id) == null);
    }

    private static OutboxMessage findOutboxRow(long id) throws Exception {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> OutboxMessage.<OutboxMessage>findById(id)));
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
