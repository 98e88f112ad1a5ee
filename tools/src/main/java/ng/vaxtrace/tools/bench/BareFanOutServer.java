package ng.vaxtrace.tools.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.Topics;

/**
 * The ceiling beside {@link GatewayFanOutBenchmark}: the least a WebSocket server on this machine must do for the same
 * deliveries, measured with the same clients in the same run. Plain Vert.x (the engine under the gateway), no
 * authentication, no snapshots, no resume, no bounded queues: it reads the same stock-level topic and sends each change
 * to the same rooms in the same frames — one {@code stock:batch} per 25 ms (50 ms for a room whose last one carried
 * more than 8 changes, as the gateway) to national, zone and state rooms that asked for the changes
 * ({@code ?changes=true}), counts once a second ({@code aggregate:update}, the changed products of the changed child
 * areas) to the others, each encoded once and written as shared bytes; a {@code stock:update} per change
 * to LGA and facility rooms. What the gateway adds on top of this is its own cost; what this server cannot do is the
 * machine's.
 * <p>
 * Usage: {@code BareFanOutServer <port> <kafka-bootstrap>}; prints {@code LISTENING} when it accepts connections.
 */
public final class BareFanOutServer {

    /** The gateway's batch clock: two ticks a 50 ms interval; a busy room (a last frame of more than 8) skips one. */
    private static final long BATCH_TICK_MS = 25;
    private static final int BUSY_BATCH = 8;
    private static final long COUNTS_INTERVAL_MS = 1000;
    private static final String CHANGES = "?changes=true";

    private final Map<String, Set<ServerWebSocket>> rooms = new ConcurrentHashMap<>();
    /** Aggregate room → compact changes waiting for the next batch (guarded by the map's own lock per room). */
    private final Map<String, Batch> pending = new ConcurrentHashMap<>();
    /** Aggregate room → {changes in its last batch, the tick it went out at} (the batch timer's own). */
    private final Map<String, long[]> lastBatch = new java.util.HashMap<>();
    private long batchTicks;

    private static final class Batch {
        final StringBuilder text;
        int size = 1;

        Batch(String first) {
            text = new StringBuilder(first);
        }

        Batch add(String change) {
            text.append(',').append(change);
            size++;
            return this;
        }
    }
    /** facility|product → its last status (the consumer thread's). */
    private final Map<String, String> statusOf = new java.util.HashMap<>();
    /** Counts room → child area → product → status → facilities, and what changed since the last flush (under {@code counts}). */
    private final Map<String, Map<String, Map<String, Map<String, Integer>>>> counts = new java.util.HashMap<>();
    private final Map<String, Map<String, Set<String>>> changed = new java.util.HashMap<>();

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        new BareFanOutServer().run(port, args[1]);
    }

    private void run(int port, String bootstrap) throws Exception {
        // As many event loops as the gateway's Quarkus default (2 × cores).
        Vertx vertx = Vertx.vertx();
        vertx.createHttpServer(new HttpServerOptions().setPort(port).setHost("127.0.0.1").setMaxWebSocketFrameSize(1114112))
                .webSocketHandler(this::accept).listen().toCompletionStage().toCompletableFuture().get();
        vertx.setPeriodic(BATCH_TICK_MS, id -> flush());
        vertx.setPeriodic(COUNTS_INTERVAL_MS, id -> flushCounts());
        Thread consumer = new Thread(() -> consume(bootstrap), "bare-fan-out-consumer");
        consumer.setDaemon(true);
        consumer.start();
        System.out.println("LISTENING");
        Thread.currentThread().join();
    }

    private void accept(ServerWebSocket socket) {
        socket.textMessageHandler(text -> {
            int at = text.indexOf("\"room\":\"");
            if (at < 0) {
                return;
            }
            String room = text.substring(at + 8, text.indexOf('"', at + 8));
            rooms.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet()).add(socket);
            socket.closeHandler(v -> rooms.get(room).remove(socket));
            socket.writeTextMessage("{\"event\":\"snapshot\",\"room\":\"" + room + "\",\"seq\":0,\"data\":{\"complete\":true}}");
        });
    }

    private void consume(String bootstrap) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "bare-fan-out-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(Topics.STOCK_LEVELS));
            while (true) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    deliver(record.value());
                }
            }
        }
    }

    /** One change to its rooms: batched for the aggregate rooms, a frame of its own for LGA and facility rooms. */
    private void deliver(String json) {
        JsonNode event = EventJson.tree(json);
        JsonNode change = event.path("data");
        JsonNode area = change.path("area");
        String id = event.path("id").asText();
        String facility = change.path("facilityCode").asText();
        String compact = "{\"id\":\"" + id + "\",\"facilityCode\":\"" + facility + "\",\"productCode\":\""
                + change.path("productCode").asText() + "\",\"status\":\"" + change.path("metrics").path("status").asText()
                + "\",\"productBalance\":" + change.path("productBalanceAfter").asLong() + ",\"recordedAt\":\""
                + change.path("recordedAt").asText() + "\",\"stateCode\":\"" + area.path("stateCode").asText()
                + "\",\"lgaCode\":\"" + area.path("lgaCode").asText() + "\"}";
        String state = area.path("stateCode").asText();
        String product = change.path("productCode").asText();
        String status = change.path("metrics").path("status").asText();
        String old = statusOf.put(facility + "|" + product, status);
        if (!status.equals(old)) {
            synchronized (counts) {
                count("national", state, product, old, status);
                count("zone:" + area.path("zoneCode").asText(), state, product, old, status);
                count("state:" + state, area.path("lgaCode").asText(), product, old, status);
            }
        }
        for (String room : List.of("national" + CHANGES, "zone:" + area.path("zoneCode").asText() + CHANGES, "state:" + state + CHANGES)) {
            if (rooms.containsKey(room)) {
                pending.compute(room, (r, batch) -> batch == null ? new Batch(compact) : batch.add(compact));
            }
        }
        String update = null;
        for (String room : List.of("lga:" + area.path("lgaCode").asText(), "facility:" + facility)) {
            Set<ServerWebSocket> members = rooms.get(room);
            if (members != null && !members.isEmpty()) {
                update = update != null ? update : "{\"event\":\"stock:update\",\"room\":\"" + room + "\",\"id\":\"" + id + "\",\"data\":"
                        + change + "}";
                send(members, update);
            }
        }
    }

    private void flush() {
        batchTicks++;
        for (String room : pending.keySet()) {
            long[] last = lastBatch.get(room);
            if (last != null && last[0] > BUSY_BATCH && batchTicks - last[1] < 2) {
                continue;
            }
            Batch batch = pending.remove(room);
            Set<ServerWebSocket> members = rooms.get(room);
            if (batch != null && members != null) {
                lastBatch.put(room, new long[] { batch.size, batchTicks });
                send(members, "{\"event\":\"stock:batch\",\"room\":\"" + room + "\",\"data\":{\"updates\":[" + batch.text + "]}}");
            }
        }
    }

    private void count(String room, String child, String product, String from, String to) {
        Map<String, Integer> byStatus = counts.computeIfAbsent(room, r -> new java.util.HashMap<>())
                .computeIfAbsent(child, c -> new java.util.HashMap<>()).computeIfAbsent(product, p -> new java.util.TreeMap<>());
        if (from != null) {
            byStatus.merge(from, -1, Integer::sum);
            byStatus.values().remove(0);
        }
        byStatus.merge(to, 1, Integer::sum);
        changed.computeIfAbsent(room, r -> new java.util.TreeMap<>()).computeIfAbsent(child, c -> new java.util.TreeSet<>()).add(product);
    }

    /** Each counts room with members: the changed products' counts of each changed child area, as one frame. */
    private void flushCounts() {
        Map<String, String> frames = new java.util.HashMap<>();
        synchronized (counts) {
            changed.forEach((room, children) -> {
                Set<ServerWebSocket> members = rooms.get(room);
                if (members != null && !members.isEmpty()) {
                    StringBuilder areas = new StringBuilder();
                    children.forEach((child, products) -> {
                        areas.append(areas.length() == 0 ? "" : ",").append("{\"code\":\"").append(child).append("\",\"products\":{");
                        int i = 0;
                        for (String product : products) {
                            areas.append(i++ == 0 ? "" : ",").append('"').append(product).append("\":")
                                    .append(EventJson.write(counts.get(room).get(child).get(product)));
                        }
                        areas.append("}}");
                    });
                    frames.put(room, "{\"event\":\"aggregate:update\",\"room\":\"" + room + "\",\"data\":{\"areas\":[" + areas + "]}}");
                }
            });
            changed.clear();
        }
        frames.forEach((room, frame) -> send(rooms.get(room), frame));
    }

    /** Encoded once; each socket writes the same bytes (a read-only view each). */
    private static void send(Set<ServerWebSocket> members, String frame) {
        ByteBuf bytes = Unpooled.unreleasableBuffer(Unpooled.copiedBuffer(frame, java.nio.charset.StandardCharsets.UTF_8));
        for (ServerWebSocket socket : members) {
            socket.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, bytes.duplicate(), true));
        }
    }
}
