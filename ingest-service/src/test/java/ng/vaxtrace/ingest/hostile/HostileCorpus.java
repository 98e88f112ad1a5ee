package ng.vaxtrace.ingest.hostile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

import ng.vaxtrace.ingest.rest.OpenLmisIds;

/**
 * Hostile inputs for every ingest endpoint: malformed and loosely typed JSON, implausible values, wrong encodings and
 * media types, built around one valid request per endpoint so that each case breaks exactly one thing.
 */
final class HostileCorpus {


    static final String EVENTS = "/api/v1/stock-events";
    static final String EVENTS_BATCH = "/api/v1/stock-events/batch";
    static final String READINGS = "/api/v1/coldchain/readings";
    static final String READINGS_BATCH = "/api/v1/coldchain/readings/batch";
    static final String DELIVERIES = "/api/v1/delivery-confirmations";
    static final String OPENLMIS = "/api/v1/openlmis/stock-events";

    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    /** One request, the status it must get and a field its answer must name ("" = the body as a whole). */
    record Case(String name, String path, byte[] body, Map<String, String> headers, int status, String field) {
    }

    /** A valid request sent after the corpus, on the same Kafka key, with the id to find it by. */
    record Sentinel(String path, String body, String id) {
    }

    private final Instant now;
    private final String run = UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    private final AtomicInteger ids = new AtomicInteger();
    private final List<Case> cases = new ArrayList<>();

    HostileCorpus(Instant now) {
        this.now = now;
    }

    String facility() {
        return "NG-HOSTILE-" + run;
    }

    private String fridge() {
        return "FRIDGE-HOSTILE-" + run;
    }

    private String id() {
        return "hostile-" + run + "-" + ids.incrementAndGet();
    }

    List<Case> cases() {
        if (cases.isEmpty()) {
            stockEvents();
            readings();
            deliveries();
            openLmis();
            wholeBodies();
            mediaTypes();
        }
        return cases;
    }

    Sentinel sentinelEvent(String facilityCode) {
        String id = "sentinel-" + UUID.randomUUID();
        Map<String, Object> event = stockEvent();
        event.put("eventId", id);
        event.put("facilityCode", facilityCode);
        return new Sentinel(EVENTS, json(event), id);
    }

    Sentinel sentinelReading() {
        String id = "sentinel-" + UUID.randomUUID();
        Map<String, Object> reading = reading();
        reading.put("readingId", id);
        return new Sentinel(READINGS, json(reading), id);
    }

    // ---- valid shapes --------------------------------------------------------------------------------------------

    private Map<String, Object> stockEvent() {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("eventId", id());
        e.put("type", "receipt");
        e.put("facilityCode", facility());
        e.put("productCode", "PENTA");
        e.put("lot", raw("{\"code\":\"PT-2026-11\",\"expiry\":\"" + LocalDate.ofInstant(now, ZoneOffset.UTC).plusYears(1) + "\"}"));
        e.put("quantity", raw("500"));
        e.put("occurredAt", now.minus(1, ChronoUnit.HOURS).toString());
        e.put("sourceSystem", "field-app");
        e.put("vvmStage", raw("1"));
        return e;
    }

    private Map<String, Object> reading() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("readingId", id());
        r.put("fridgeId", fridge());
        r.put("facilityCode", facility());
        r.put("measuredAt", now.minus(10, ChronoUnit.MINUTES).toString());
        r.put("temperatureCelsius", raw("5.5"));
        r.put("powerAvailable", raw("true"));
        return r;
    }

    private Map<String, Object> delivery() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("confirmationId", id());
        d.put("facilityCode", facility());
        d.put("fromFacilityCode", "NG-KN-017");
        d.put("receivedAt", now.minus(2, ChronoUnit.HOURS).toString());
        d.put("sourceSystem", "field-app");
        d.put("location", raw("{\"latitude\":11.99,\"longitude\":8.52}"));
        d.put("temperatureAtReceiptCelsius", raw("5.0"));
        d.put("coldChainBreak", raw("false"));
        d.put("lots", raw("[" + deliveryLot(Map.of()) + "]"));
        return d;
    }

    private String deliveryLot(Map<String, String> replaced) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("productCode", "PENTA");
        l.put("lot", raw("{\"code\":\"PT-2026-11\",\"expiry\":\"" + LocalDate.ofInstant(now, ZoneOffset.UTC).plusYears(1) + "\"}"));
        l.put("quantityDelivered", raw("100"));
        l.put("quantityReceived", raw("100"));
        l.put("vvmStage", raw("1"));
        replaced.forEach((k, v) -> l.put(k, raw(v)));
        return json(l);
    }

    private Map<String, Object> openLmisEvent(Map<String, String> lineReplaced) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("orderableId", OpenLmisIds.PENTA);
        line.put("lotId", OpenLmisIds.LOT);
        line.put("quantity", raw("3"));
        line.put("occurredDate", LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(1).toString());
        line.put("reasonId", OpenLmisIds.LOST);
        lineReplaced.forEach((k, v) -> line.put(k, raw(v)));
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("facilityId", OpenLmisIds.FACILITY);
        e.put("programId", "dce17f2e-af3e-40ad-8e00-3496adef44c3");
        e.put("documentNumber", id());
        e.put("lineItems", raw("[" + json(line) + "]"));
        return e;
    }

    // ---- stock events: each hostile value of a field, single and as the only item of a batch --------------------

    private void stockEvents() {
        Map<String, List<String>> values = new LinkedHashMap<>();
        values.put("quantity", List.of("\"10\"", "1.5", "1e3", "10.0", "-0.5", "true", "null", "[]", "{}", "\"\"", "-5", "0",
                "1000000000", "50000001", "9223372036854775808", "1E400", "-9223372036854775809", "\"0x10\"", "\"NaN\""));
        values.put("occurredAt", List.of("1764410400", "1764410400000", "-62135596800", "\"-999999999-01-01T00:00:00Z\"",
                "\"+999999999-12-31T23:59:59Z\"", "\"0001-01-01T00:00:00Z\"", "\"1900-01-01T00:00:00Z\"", "\"1970-01-01T00:00:00Z\"",
                q(now.minus(400, ChronoUnit.DAYS)), q(now.plus(1, ChronoUnit.DAYS)), q(now.plus(10, ChronoUnit.MINUTES)),
                "\"2026-13-01T00:00:00Z\"", "\"2026-02-30T00:00:00Z\"", "\"yesterday\"", "\"\"", "[2026,1,1]", "true", "null",
                "\"2026-01-01\"", "{\"epochSecond\":1}"));
        // The day the events occurred on (an hour ago): a lot is expired when it expired before that day, so between
        // midnight and 01:00 UTC "yesterday" by the wall clock is still a valid lot (this case failed then).
        LocalDate today = LocalDate.ofInstant(now.minus(1, ChronoUnit.HOURS), ZoneOffset.UTC);
        values.put("lot", List.of("\"PT-1\"", "[]", "5", "{\"code\":\"PT-1\"}", "{\"expiry\":\"2027-01-01\"}",
                lot("20270630"), lot("[2027,6,30]"), lot("\"+999999999-12-31\""), lot("\"57496-01-01\""), lot(q(today.minusDays(1))),
                lot(q(today.plusYears(11))), lot(q(today.minusYears(11))), lot("\"2027-02-30\""), lot("\"\""), lot("true"),
                lot("\"2027-06-30T00:00:00Z\""), "{\"code\":5,\"expiry\":\"2027-01-01\"}", "{\"code\":\"../../etc/passwd\",\"expiry\":\"2027-01-01\"}"));
        values.put("facilityCode", List.of("42", "\"\"", "\"ng-kn-017\"", "\"NG-КN-017-HF-001\"", "\"../../etc/passwd\"",
                "\"NG-KN' OR '1'='1\"", "\"" + "A".repeat(65) + "\"", "null", "[\"NG-KN\"]", "\"NG KN\"", "\"NG-KN-017\\u0000\"",
                "\"<script>alert(1)</script>\""));
        values.put("productCode", List.of("7", "\"\"", "\"penta\"", "\"РЕNTA\"", "null", "{}", "\"PENTA;DROP TABLE lot\""));
        values.put("type", List.of("\"RECEIPT\"", "\"receipts\"", "5", "null", "\"\"", "[\"receipt\"]", "\"ng.vaxtrace.stock.receipt.v1\""));
        values.put("eventId", List.of("12345678", "\"short\"", "\"../../../x/y/z\"", "null", "\"" + "e".repeat(129) + "\"",
                "\"id with spaces 123\"", "true"));
        values.put("vvmStage", List.of("\"2\"", "2.5", "0", "5", "-1", "true", "[1]"));
        values.put("sourceSystem", List.of("5", "\"\"", "\"<script>\"", "null", "\"" + "s".repeat(65) + "\""));
        values.put("reason", List.of("\"LOST\"", "5"));
        values.put("counterpartyCode", List.of("\"nope nope\"", "12"));
        values.put("quantitty", List.of("10"));
        values.forEach((field, hostile) -> {
            for (String value : hostile) {
                String expected = field.equals("lot") && value.startsWith("{\"code\":\"PT-1\",\"expiry\"") ? "lot.expiry"
                        : field.equals("lot") && value.startsWith("{\"code\"") && !value.contains("expiry") ? "lot.expiry"
                        : field.equals("lot") && value.startsWith("{\"expiry") ? "lot.code"
                        : field.equals("lot") && value.startsWith("{\"code\":") ? "lot.code" : field;
                Map<String, Object> event = stockEvent();
                event.put(field, raw(value));
                add("stock event " + field + "=" + value, EVENTS, json(event), 400, expected);
                Map<String, Object> item = stockEvent();
                item.put(field, raw(value));
                add("batch item " + field + "=" + value, EVENTS_BATCH, "{\"events\":[" + json(item) + "]}", 400, "events[0]." + expected);
            }
        });
        // Duplicate keys, a hidden second value after a good one, are refused as a whole body.
        for (String key : List.of("quantity", "eventId", "facilityCode", "occurredAt", "type")) {
            String body = json(stockEvent());
            String duplicated = body.substring(0, body.length() - 1) + ",\"" + key + "\":" + (key.equals("quantity") ? "-5" : "\"x\"") + "}";
            add("stock event duplicate " + key, EVENTS, duplicated, 400, "");
            add("batch duplicate " + key, EVENTS_BATCH, "{\"events\":[" + duplicated + "]}", 400, "");
        }
        add("batch with a duplicate events key", EVENTS_BATCH, "{\"events\":[" + json(stockEvent()) + "],\"events\":[]}", 400, "");
        // Batches that are not batches.
        for (String events : List.of("null", "\"x\"", "{}", "[]", "1", "true")) {
            add("batch events=" + events, EVENTS_BATCH, "{\"events\":" + events + "}", 400, "events");
        }
        add("batch without events", EVENTS_BATCH, "{\"readings\":[]}", 400, "events");
        List<String> garbage = List.of("null", "1", "\"x\"", "[]", "true", "1.5", "{}");
        for (int i = 0; i < garbage.size(); i++) {
            String field = garbage.get(i).equals("{}") ? "events[" + i + "].eventId" : "events[" + i + "]";
            add("batch of garbage item " + garbage.get(i), EVENTS_BATCH, "{\"events\":[" + String.join(",", garbage) + "]}", 400, field);
        }
        StringBuilder tooMany = new StringBuilder("{\"events\":[");
        for (int i = 0; i < 501; i++) {
            tooMany.append(i == 0 ? "" : ",").append("{}");
        }
        add("batch of 501 items", EVENTS_BATCH, tooMany.append("]}").toString(), 400, "events");
    }

    private static String lot(String expiry) {
        return "{\"code\":\"PT-1\",\"expiry\":" + expiry + "}";
    }

    // ---- cold-chain readings ------------------------------------------------------------------------------------

    private void readings() {
        Map<String, List<String>> values = new LinkedHashMap<>();
        values.put("temperatureCelsius", List.of("\"9.5\"", "true", "null", "[]", "-91", "80.5", "1e308", "\"NaN\"", "{}"));
        values.put("measuredAt", List.of("1764410400", "\"-999999999-01-01T00:00:00Z\"", "\"1900-01-01T00:00:00Z\"",
                q(now.minus(400, ChronoUnit.DAYS)), q(now.plus(1, ChronoUnit.HOURS)), "\"now\"", "null", "[2026,1,1]"));
        values.put("fridgeId", List.of("5", "\"\"", "null", "\"../../x\"", "\"" + "f".repeat(65) + "\""));
        values.put("facilityCode", List.of("5", "\"kano\"", "null", "\"NG-КN-1\""));
        values.put("powerAvailable", List.of("\"yes\"", "1", "0", "\"true\""));
        values.put("readingId", List.of("5", "\"short\"", "\"bad id!\""));
        values.put("temperature", List.of("5"));
        values.forEach((field, hostile) -> {
            for (String value : hostile) {
                Map<String, Object> reading = reading();
                reading.put(field, raw(value));
                add("reading " + field + "=" + value, READINGS, json(reading), 400, field);
                Map<String, Object> item = reading();
                item.put(field, raw(value));
                add("readings batch item " + field + "=" + value, READINGS_BATCH, "{\"readings\":[" + json(item) + "]}", 400,
                        "readings[0]." + field);
            }
        });
        add("readings batch of garbage", READINGS_BATCH, "{\"readings\":[null,1,\"x\",[]]}", 400, "readings[0]");
        add("readings batch readings=null", READINGS_BATCH, "{\"readings\":null}", 400, "readings");
        String body = json(reading());
        add("reading duplicate temperature", READINGS, body.substring(0, body.length() - 1) + ",\"temperatureCelsius\":-40}", 400, "");
    }

    // ---- delivery confirmations ---------------------------------------------------------------------------------

    private void deliveries() {
        Map<String, List<String>> values = new LinkedHashMap<>();
        values.put("receivedAt", List.of("1764410400", "\"-999999999-01-01T00:00:00Z\"", "\"0001-01-01T00:00:00Z\"",
                q(now.minus(400, ChronoUnit.DAYS)), q(now.plus(1, ChronoUnit.DAYS)), "null", "\"\""));
        values.put("confirmationId", List.of("5", "null", "\"x\"", "\"" + "c".repeat(101) + "\""));
        values.put("facilityCode", List.of("5", "null", "\"kano\""));
        values.put("temperatureAtReceiptCelsius", List.of("\"5\"", "true", "100", "-100"));
        values.put("coldChainBreak", List.of("\"false\"", "0", "1"));
        values.put("location", List.of("\"Kano\"", "{\"latitude\":\"11.9\",\"longitude\":8.5}", "{\"latitude\":91,\"longitude\":8.5}",
                "{\"latitude\":11.9,\"longitude\":181}"));
        values.put("lots", List.of("null", "[]", "{}", "[null]", "\"PENTA\""));
        values.put("sourceSystem", List.of("null", "5"));
        values.forEach((field, hostile) -> {
            for (String value : hostile) {
                Map<String, Object> delivery = delivery();
                delivery.put(field, raw(value));
                String expected = field.equals("location") && value.startsWith("{") ? (value.contains("91,") || value.contains("\"11.9\"")
                        ? "location.latitude" : "location.longitude") : field.equals("lots") && value.equals("[null]") ? "lots[0]" : field;
                add("delivery " + field + "=" + value, DELIVERIES, json(delivery), 400, expected);
            }
        });
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Map<String, List<String>> lotValues = new LinkedHashMap<>();
        lotValues.put("quantityReceived", List.of("\"100\"", "1.5", "1e2", "-1", "101", "null", "1000000000"));
        lotValues.put("quantityDelivered", List.of("\"100\"", "100.5", "-1", "null", "60000000"));
        lotValues.put("vvmStage", List.of("\"1\"", "0", "5", "1.5"));
        lotValues.put("productCode", List.of("5", "\"penta\"", "null"));
        lotValues.put("lot", List.of(lot("20270630"), lot(q(today.minusDays(3))), lot(q(today.plusYears(20))), lot("\"+999999999-12-31\"")));
        lotValues.forEach((field, hostile) -> {
            for (String value : hostile) {
                Map<String, Object> delivery = delivery();
                delivery.put("lots", raw("[" + deliveryLot(Map.of(field, value)) + "]"));
                String expected = "lots[0]." + (field.equals("lot") ? "lot.expiry" : field);
                add("delivery lot " + field + "=" + value, DELIVERIES, json(delivery), 400, expected);
            }
        });
    }

    // ---- OpenLMIS-format events ---------------------------------------------------------------------------------

    private void openLmis() {
        Map<String, List<String>> values = new LinkedHashMap<>();
        values.put("quantity", List.of("\"3\"", "1.5", "1e3", "-1", "null", "1000000000", "true"));
        values.put("occurredDate", List.of("20261128", "[2026,11,28]", "\"2026-11-28T00:00:00Z\"", "\"0001-01-01\"", "\"1900-01-01\"",
                q(LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(400)), q(LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(2)),
                "\"+999999999-12-31\"", "null", "\"\""));
        values.put("orderableId", List.of("5", "null", "\"unknown\""));
        values.put("reasonId", List.of("5", "\"unknown\""));
        values.put("lotId", List.of("5", "\"unknown\""));
        values.forEach((field, hostile) -> {
            for (String value : hostile) {
                add("openlmis line " + field + "=" + value, OPENLMIS, json(openLmisEvent(Map.of(field, value))), 400,
                        "lineItems[0]." + field);
            }
        });
        for (String value : List.of("null", "[]", "\"x\"", "[null]")) {
            Map<String, Object> event = openLmisEvent(Map.of());
            event.put("lineItems", raw(value));
            add("openlmis lineItems=" + value, OPENLMIS, json(event), 400, value.equals("[null]") ? "lineItems[0]" : "lineItems");
        }
        for (String value : List.of("5", "null", "\"unknown\"")) {
            Map<String, Object> event = openLmisEvent(Map.of());
            event.put("facilityId", raw(value));
            add("openlmis facilityId=" + value, OPENLMIS, json(event), 400, "facilityId");
        }
    }

    // ---- bodies that are not one JSON object --------------------------------------------------------------------

    private void wholeBodies() {
        String valid = json(stockEvent());
        List<String> bodies = List.of("null", "[]", "[null,1,\"x\",[]]", "\"str\"", "1", "true", "", "   ", "{", "}", "{}{}",
                valid + " x", valid + valid, valid + ",", "{\"a\":1,}", "/* c */ {\"a\":1}", "{'eventId':'x'}", "{\"q\":NaN}",
                "{\"q\":Infinity}", "{\"a\":01}", "{a:1}", "\u0000", "{\"a\":\"\\u00\"}", "{\"a\":\"tab\there\"}", "[" + valid + "]",
                "[".repeat(3000) + "]".repeat(3000), "{\"a\":".repeat(2000) + "1" + "}".repeat(2000));
        for (String path : List.of(EVENTS, EVENTS_BATCH, READINGS, READINGS_BATCH, DELIVERIES, OPENLMIS)) {
            for (String body : bodies) {
                String label = body.length() > 40 ? body.substring(0, 40) + "…(" + body.length() + ")" : body;
                add(path + " body " + label, path, body, 400, "");
            }
            byte[] utf8 = valid.getBytes(StandardCharsets.UTF_8);
            add(path + " body in UTF-16LE", path, valid.getBytes(StandardCharsets.UTF_16LE), JSON, 400, "");
            add(path + " body in UTF-16 with BOM", path, valid.getBytes(StandardCharsets.UTF_16), JSON, 400, "");
            add(path + " body in UTF-32", path, valid.getBytes(java.nio.charset.Charset.forName("UTF-32")), JSON, 400, "");
            add(path + " body with a UTF-8 BOM", path, concat(new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF }, utf8), JSON, 400, "");
            add(path + " body with a broken UTF-8 sequence", path, concat(utf8, new byte[] { (byte) 0xC3 }), JSON, 400, "");
            add(path + " body in Latin-1", path, "{\"eventId\":\"caf\u00e9-00000001\"}".getBytes(StandardCharsets.ISO_8859_1), JSON, 400, "");
        }
    }

    // ---- headers: media type and content coding -----------------------------------------------------------------

    private void mediaTypes() {
        List<Map<String, String>> refused = List.of(Map.of(), Map.of("Content-Type", "text/plain"), Map.of("Content-Type", "application/xml"),
                Map.of("Content-Type", "application/x-www-form-urlencoded"), Map.of("Content-Type", "application/json; charset=utf-16"),
                Map.of("Content-Type", "application/json; charset=iso-8859-1"), Map.of("Content-Type", "application/jsonp"),
                Map.of("Content-Type", "application/json; boundary=x"), Map.of("Content-Type", "multipart/form-data; boundary=x"),
                Map.of("Content-Type", "*/*"));
        List<Map<String, String>> encoded = List.of(Map.of("Content-Type", "application/json", "Content-Encoding", "gzip"),
                Map.of("Content-Type", "application/json", "Content-Encoding", "br"),
                Map.of("Content-Type", "application/json", "Content-Encoding", "deflate"),
                Map.of("Content-Type", "application/json", "Content-Encoding", "identity, gzip"));
        for (String path : List.of(EVENTS, EVENTS_BATCH, READINGS, READINGS_BATCH, DELIVERIES, OPENLMIS)) {
            String body = path.startsWith(READINGS) ? json(reading()) : json(stockEvent());
            for (Map<String, String> headers : refused) {
                add(path + " with " + headers, path, body.getBytes(StandardCharsets.UTF_8), headers, 415, "Content-Type");
            }
            for (Map<String, String> headers : encoded) {
                add(path + " with " + headers, path, body.getBytes(StandardCharsets.UTF_8), headers, 415, "Content-Encoding");
            }
            add(path + " with a real gzip body", path, gzip(body), encoded.get(0), 415, "Content-Encoding");
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private void add(String name, String path, String body, int status, String field) {
        add(name, path, body.getBytes(StandardCharsets.UTF_8), JSON, status, field);
    }

    private void add(String name, String path, byte[] body, Map<String, String> headers, int status, String field) {
        cases.add(new Case(name, path, body, headers, status, field));
    }

    /** A JSON value written as is. */
    private record Raw(String json) {
    }

    private static Raw raw(String json) {
        return new Raw(json);
    }

    private static String q(Object value) {
        return "\"" + value + "\"";
    }

    private static String json(Map<String, Object> fields) {
        StringBuilder out = new StringBuilder("{");
        fields.forEach((k, v) -> out.append(out.length() > 1 ? "," : "").append('"').append(k).append("\":")
                .append(v instanceof Raw r ? r.json() : q(v)));
        return out.append('}').toString();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] gzip(String body) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream(); GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(body.getBytes(StandardCharsets.UTF_8));
            zip.finish();
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
