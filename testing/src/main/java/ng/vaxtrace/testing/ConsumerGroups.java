package ng.vaxtrace.testing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Waits until a service's consumer group is stable and holds every partition of its topics: a test that publishes
 * before that measures the group's first rebalance (tens of seconds on a loaded machine when several consumers of
 * one group join one after the other), not the service.
 */
public final class ConsumerGroups {

    private ConsumerGroups() {
    }

    public static void awaitAssigned(String bootstrap, String group, Duration timeout, String... topics) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            Map<String, TopicDescription> described = admin.describeTopics(List.of(topics)).allTopicNames().get(10, TimeUnit.SECONDS);
            Set<TopicPartition> wanted = described.values().stream()
                    .flatMap(t -> t.partitions().stream().map(p -> new TopicPartition(t.name(), p.partition())))
                    .collect(Collectors.toSet());
            String[] last = { "not described yet" };
            try {
                Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
                    ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                            .get(10, TimeUnit.SECONDS);
                    Set<TopicPartition> held = description.members().stream()
                            .flatMap(m -> m.assignment().topicPartitions().stream()).collect(Collectors.toSet());
                    last[0] = description.groupState() + ", " + held.size() + " of " + wanted.size() + " partitions held";
                    return description.groupState() == GroupState.STABLE && held.containsAll(wanted);
                });
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("consumer group " + group + " not holding " + List.of(topics) + " within " + timeout + ": " + last[0]);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("could not describe consumer group " + group, e);
        }
    }
}
