package ng.vaxtrace.tools.bench;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.EventTypes;
import ng.vaxtrace.contracts.FacilityArea;
import ng.vaxtrace.contracts.LevelMetrics;
import ng.vaxtrace.contracts.StockLevelChanged;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.security.DevIssuer;
import ng.vaxtrace.security.Roles;

/**
 * Scale-out check with two gateway instances on the same topics (docs/websocket-protocol.md#scale-out): a dashboard
 * follows an LGA room on instance A, leaves, and while it is away two more changes happen; reconnecting to instance B
 * with A's epoch and seq it gets {@code "resumed":false} and a fresh snapshot holding the latest value (no silent
 * gap); reconnecting to A it gets the two missed frames replayed. Prints what it saw.
 *
 * <pre>
 * java -cp "tools/target/classes:tools/target/lib/*" ng.vaxtrace.tools.bench.GatewayScaleOutCheck \
 *     .local/dev-issuer 127.0.0.1:59092 18522 18523
 * </pre>
 * (the development issuer's directory, Kafka, the two gateways' HTTP ports).
 */
public final class GatewayScaleOutCheck {
    private static String token;
    private static KafkaProducer<String, String> producer;
    static final String FACILITY = "NG-KN-001-HF-SCALE" + (System.currentTimeMillis() % 1000);
    static final FacilityArea AREA = new FacilityArea("NG-NW", "NG-KN", "NG-KN-001");

    static final class Client implements WebSocket.Listener {
        final List<String> frames = new CopyOnWriteArrayList<>();
        final StringBuilder part = new StringBuilder();
        WebSocket ws;
        Client(int port) {
            ws = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + token)
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/v1"), this).join();
        }
        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            part.append(data);
            if (last) { frames.add(part.toString()); part.setLength(0); }
            w.request(1);
            return null;
        }
        void send(String text) { ws.sendText(text, true).join(); }
        void await(String contains, int count) throws Exception {
            for (int i = 0; i < 200; i++) {
                if (frames.stream().filter(f -> f.contains(contains)).count() >= count) return;
                Thread.sleep(100);
            }
            throw new AssertionError("no " + contains + " in " + frames);
        }
    }

    static void level(long balance) throws Exception {
        LevelMetrics m = new LevelMetrics(100L, BigDecimal.ONE, "WITHIN_RANGE", 0, 1.0, 3.0);
        StockLevelChanged c = new StockLevelChanged(FACILITY, "PENTA", "LOT", UUID.randomUUID().toString(), "receipt", 0, balance, balance,
                Instant.now(), Instant.now(), m, AREA, null, null);
        producer.send(new ProducerRecord<>(Topics.STOCK_LEVELS, FACILITY, EventJson.write(CloudEvent.of(UUID.randomUUID().toString(),
                "/scaleout", EventTypes.STOCK_LEVEL_CHANGED, FACILITY, Instant.now(), c)))).get();
    }

    public static void main(String[] args) throws Exception {
        token = DevIssuer.inDirectory(java.nio.file.Path.of(args[0])).token("scaleout", Roles.NATIONAL_OFFICER, null, Duration.ofHours(1));
        Properties p = new Properties();
        p.put("bootstrap.servers", args[1]); p.put("acks", "all");
        p.put("key.serializer", StringSerializer.class.getName()); p.put("value.serializer", StringSerializer.class.getName());
        producer = new KafkaProducer<>(p);
        String room = "lga:NG-KN-001";
        Client a = new Client(Integer.parseInt(args[2]));
        a.send("{\"action\":\"subscribe\",\"room\":\"" + room + "\"}");
        a.await("\"event\":\"snapshot\"", 1);
        // Both instances read from the live end: publish until A delivers, then B has its partitions too (checked below).
        for (int i = 0; i < 60 && a.frames.stream().noneMatch(f -> f.contains("stock:update")); i++) { level(1); Thread.sleep(500); }
        Client probeB = new Client(Integer.parseInt(args[3]));
        probeB.send("{\"action\":\"subscribe\",\"room\":\"" + room + "\"}");
        for (int i = 0; i < 60 && probeB.frames.stream().noneMatch(f -> f.contains("stock:update")); i++) { level(1); Thread.sleep(500); }
        level(101); level(102); level(103);
        a.await("\"productBalanceAfter\":103", 1);
        String subscribed = a.frames.stream().filter(f -> f.contains("\"event\":\"subscribed\"")).findFirst().get();
        String epoch = subscribed.replaceAll(".*\"epoch\":\"([^\"]+)\".*", "$1");
        String lastA = a.frames.get(a.frames.size() - 1);
        long seq = Long.parseLong(lastA.replaceAll(".*\"seq\":(\\d+).*", "$1"));
        a.ws.sendClose(1000, "bye").join();
        level(104); level(105);
        probeB.await("\"productBalanceAfter\":105", 1);
        System.out.println("A: epoch " + epoch + ", last seq " + seq + " (balance 103); then 104 and 105 published while away");

        Client b = new Client(Integer.parseInt(args[3]));
        b.send("{\"action\":\"subscribe\",\"room\":\"" + room + "\",\"epoch\":\"" + epoch + "\",\"seq\":" + seq + "}");
        b.await("\"event\":\"snapshot\"", 1);
        System.out.println("reconnect to B with A's epoch: " + b.frames.stream().filter(f -> f.contains("\"subscribed\"")).findFirst().get());
        String snap = b.frames.stream().filter(f -> f.contains("\"event\":\"snapshot\"")).findFirst().get();
        System.out.println("  B's snapshot holds " + FACILITY + " PENTA at 105: " + snap.contains("\"facilityCode\":\"" + FACILITY
                + "\",\"productCode\":\"PENTA\",\"status\":\"WITHIN_RANGE\",\"productBalance\":105"));

        Client back = new Client(Integer.parseInt(args[2]));
        back.send("{\"action\":\"subscribe\",\"room\":\"" + room + "\",\"epoch\":\"" + epoch + "\",\"seq\":" + seq + "}");
        back.await("\"productBalanceAfter\":105", 1);
        System.out.println("reconnect to A with A's epoch: " + back.frames.stream().filter(f -> f.contains("\"subscribed\"")).findFirst().get());
        System.out.println("  replayed: " + back.frames.stream().filter(f -> f.contains("stock:update")).map(f -> f.replaceAll(".*\"seq\":(\\d+).*\"productBalanceAfter\":(\\d+).*", "seq $1 → $2")).toList());
        System.exit(0);
    }
}
