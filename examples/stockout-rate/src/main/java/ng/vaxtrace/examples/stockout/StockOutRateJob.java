package ng.vaxtrace.examples.stockout;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.EventTypes;
import ng.vaxtrace.contracts.StockLevelChanged;
import ng.vaxtrace.contracts.Topics;

/**
 * An analytics team's batch job on VaxTrace's public topics: reads {@code vaxtrace.stock.levels.v1} from the start up
 * to the end it finds when it starts (a consistent snapshot, whatever keeps arriving), computes the stock-out rate per
 * state, month and product ({@link StockOutRate}) and writes it as CSV. Re-running it recomputes everything, so it
 * commits no offsets; docs/analytics-consumers.md shows how to make it continuous.
 *
 * <pre>
 * java -cp 'examples/stockout-rate/target/classes:examples/stockout-rate/target/lib/*' \
 *   ng.vaxtrace.examples.stockout.StockOutRateJob --bootstrap 127.0.0.1:59092 [--out rates.csv] [--as-of 2026-12-01T00:00:00Z]
 * </pre>
 */
public final class StockOutRateJob {

    /** What one run read and computed. */
    public record Result(List<StockOutRate.Row> rows, long records, long duplicates, long unplaced, long unreadable) {
    }

    private StockOutRateJob() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = options(args);
        String bootstrap = options.getOrDefault("--bootstrap", "127.0.0.1:59092");
        String topic = options.getOrDefault("--topic", Topics.STOCK_LEVELS);
        Instant asOf = options.containsKey("--as-of") ? Instant.parse(options.get("--as-of")) : Instant.now();
        Result result = run(bootstrap, topic, asOf, Duration.ofSeconds(30));
        if (options.containsKey("--out")) {
            try (PrintStream out = new PrintStream(Files.newOutputStream(Path.of(options.get("--out"))), false, StandardCharsets.UTF_8)) {
                writeCsv(result.rows(), out);
            }
        } else {
            writeCsv(result.rows(), System.out);
        }
        System.err.printf("read %d records (%d duplicates, %d without a state, %d unreadable); %d rows as of %s%n",
                result.records(), result.duplicates(), result.unplaced(), result.unreadable(), result.rows().size(), asOf);
    }

    /** Reads {@code topic} from its beginning to the end offsets found now; gives up if that takes longer than {@code limit}. */
    public static Result run(String bootstrap, String topic, Instant asOf, Duration limit) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        // Named, so the brokers' tools can see who reads; partitions are assigned, not subscribed, and nothing is committed.
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "analytics-example-stockout-rate");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        StockOutRate rate = new StockOutRate();
        long records = 0;
        long unreadable = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
            long deadline = System.nanoTime() + limit.toNanos();
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within " + limit);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() >= end.getOrDefault(new TopicPartition(record.topic(), record.partition()), Long.MAX_VALUE)) {
                        continue; // arrived after the snapshot was taken
                    }
                    records++;
                    try {
                        CloudEvent<StockLevelChanged> event = EventJson.read(record.value(), EventJson.STOCK_LEVEL_CHANGED);
                        if (EventTypes.STOCK_LEVEL_CHANGED.equals(event.type()) && event.data() != null) {
                            rate.accept(event.id(), event.data());
                        }
                    } catch (IllegalArgumentException e) {
                        // A job has no dead-letter topic: count it, say so, and go on (the producer's DLQ holds the evidence).
                        unreadable++;
                    }
                }
            }
        }
        return new Result(rate.rows(asOf), records, rate.duplicates(), rate.unplaced(), unreadable);
    }

    private static boolean reached(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    public static void writeCsv(List<StockOutRate.Row> rows, PrintStream out) {
        out.println("month,state,product,facilities,facility_days,stocked_out_days,stock_out_rate");
        for (StockOutRate.Row r : rows) {
            out.printf(Locale.ROOT, "%s,%s,%s,%d,%.2f,%.2f,%.4f%n", r.month(), r.stateCode(), r.productCode(), r.facilities(),
                    r.facilityDays(), r.stockedOutDays(), r.rate());
        }
        if (out.checkError()) {
            throw new UncheckedIOException(new IOException("could not write the CSV"));
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        return options;
    }
}
