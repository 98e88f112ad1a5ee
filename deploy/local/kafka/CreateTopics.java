import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Creates the topics listed in topics.txt that do not exist yet (one JVM for all of them, run with the broker's
 * own jars: java -cp 'lib/*' CreateTopics.java BOOTSTRAP topics.txt). Retries while the broker is still starting.
 */
public class CreateTopics {
    public static void main(String[] args) throws Exception {
        List<NewTopic> wanted = Files.readAllLines(Path.of(args[1])).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .map(l -> l.split("\\s+"))
                .map(f -> new NewTopic(f[0], Integer.parseInt(f[1]), (short) 1).configs(Map.of("retention.ms", f[2])))
                .toList();
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        long deadline = System.currentTimeMillis() + 60_000;
        try (Admin admin = Admin.create(props)) {
            while (true) {
                try {
                    Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
                    List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
                    if (!missing.isEmpty()) {
                        admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                    }
                    System.out.println("topics ready; created " + missing.stream().map(NewTopic::name).toList());
                    return;
                } catch (Exception e) {
                    if (System.currentTimeMillis() > deadline) {
                        throw e;
                    }
                    System.out.println("broker not ready yet: " + e);
                    Thread.sleep(500);
                }
            }
        }
    }
}
