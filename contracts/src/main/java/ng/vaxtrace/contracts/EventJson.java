package ng.vaxtrace.contracts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;

/**
 * The one JSON mapping of our events and request bodies: ISO-8601 times, unknown fields ignored (changes within a
 * topic version are additive, so an older consumer must tolerate newer fields), and strict reading (docs/input-contract.md):
 * no coercion between strings, numbers and booleans, no fraction or exponent where a whole number is meant, times and
 * dates only as ISO strings, no duplicate keys, nothing after the value. A record another producer wrote loosely is
 * refused with the reason rather than silently changed.
 */
public final class EventJson {

    public static final TypeReference<CloudEvent<StockEvent>> STOCK_EVENT = new TypeReference<>() {
    };
    public static final TypeReference<CloudEvent<StockLevelChanged>> STOCK_LEVEL_CHANGED = new TypeReference<>() {
    };

    public static final TypeReference<CloudEvent<ColdChainReading>> COLDCHAIN_READING = new TypeReference<>() {
    };
    public static final TypeReference<CloudEvent<Alert>> ALERT = new TypeReference<>() {
    };
    public static final TypeReference<CloudEvent<TransferSuggestion>> TRANSFER = new TypeReference<>() {
    };

    private static final ObjectMapper MAPPER = strict(JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(new SimpleModule("vaxtrace-iso-instants").addSerializer(Instant.class, new IsoInstantWriter()))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .build());

    private EventJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Makes {@code mapper} read strictly, as described above (also used on each service's REST mapper). It must know
     * java.time already (JavaTimeModule); this registers text-only readers of {@link Instant} and {@link LocalDate} over it.
     */
    @SuppressWarnings("deprecation") // ALLOW_COERCION_OF_SCALARS is still the switch the scalar deserializers read
    public static ObjectMapper strict(ObjectMapper mapper) {
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        for (LogicalType type : new LogicalType[] { LogicalType.Integer, LogicalType.Float, LogicalType.Boolean, LogicalType.Textual }) {
            mapper.coercionConfigFor(type)
                    .setCoercion(CoercionInputShape.String, type == LogicalType.Textual ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, type == LogicalType.Textual ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Integer, type == LogicalType.Integer || type == LogicalType.Float
                            ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, type == LogicalType.Float ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, type == LogicalType.Boolean ? CoercionAction.TryConvert : CoercionAction.Fail);
        }
        SimpleModule textOnlyTimes = new SimpleModule("vaxtrace-text-only-times");
        // The canonical forms on a short path (IsoTimes); everything else, and every error, as java.time reads it.
        textOnlyTimes.addDeserializer(Instant.class, new TextOnly<>(Instant.class, (p, ctxt) -> {
            Instant canonical = IsoTimes.parseInstant(p.getText());
            if (canonical != null) {
                return canonical;
            }
            // Jackson would take a string of digits for epoch seconds: a number in disguise, not an ISO time.
            String text = p.getText();
            if (text.indexOf('T') < 0 && text.indexOf('t') < 0) { // ISO_INSTANT reads a lower-case 't' too
                throw new DateTimeException("no date and time");
            }
            return InstantDeserializer.INSTANT.deserialize(p, ctxt);
        }));
        textOnlyTimes.addDeserializer(LocalDate.class, new TextOnly<>(LocalDate.class, (p, ctxt) -> {
            LocalDate canonical = IsoTimes.parseDate(p.getText());
            return canonical != null ? canonical : LocalDate.parse(p.getText());
        }));
        mapper.registerModule(textOnlyTimes);
        return mapper;
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses a record value; throws {@link IllegalArgumentException} with the parser's reason, prefixed by the bad
     * field's path ({@code data.quantity: ...}), when it is not valid JSON of that shape.
     */
    public static <T> T read(String json, TypeReference<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            String path = path(e);
            throw new IllegalArgumentException(path.isEmpty() ? e.getOriginalMessage() : path + ": " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The JSON path ({@code lots[2].lot.expiry}) of the value a reading error is about, or "" when it is about the
     * document as a whole. A mapping error knows its path; a number too large for its field fails in the parser,
     * whose position gives it.
     */
    public static String path(JsonProcessingException e) {
        StringBuilder path = new StringBuilder();
        if (e instanceof JsonMappingException m) {
            for (JsonMappingException.Reference ref : m.getPath()) {
                if (ref.getFieldName() != null) {
                    path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
                } else if (ref.getIndex() >= 0) {
                    path.append('[').append(ref.getIndex()).append(']');
                }
            }
        } else if (e.getProcessor() instanceof JsonParser parser) {
            for (JsonPointer p = parser.getParsingContext().pathAsPointer(); !p.matches(); p = p.tail()) {
                if (p.getMatchingIndex() >= 0) {
                    path.append('[').append(p.getMatchingIndex()).append(']');
                } else {
                    path.append(path.isEmpty() ? "" : ".").append(p.getMatchingProperty());
                }
            }
        }
        return path.toString();
    }

    public static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        }
    }

    /**
     * A request body as one JSON document: it must be UTF-8 ({@link #utf8Text}), hold exactly one value and follow the
     * strict rules above. Throws {@link IllegalArgumentException} with the reason; a missing body (no bytes, only
     * whitespace) reads as {@code null}.
     */
    public static JsonNode utf8Tree(byte[] body) {
        String text = utf8Text(body);
        try {
            JsonNode node = MAPPER.readTree(text);
            return node == null || node.isMissingNode() ? null : node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        }
    }

    /**
     * A request body's bytes as text, if they are UTF-8 JSON could be written in: well-formed UTF-8, no byte-order
     * mark, no NUL. Jackson would otherwise guess UTF-16/32 from the bytes, and ASCII text in UTF-16 is also
     * well-formed UTF-8 (each NUL byte is a valid character), so the NUL rule is what refuses it; a raw NUL is never
     * valid JSON anyway. Throws {@link IllegalArgumentException} with the reason.
     */
    public static String utf8Text(byte[] body) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the body is not UTF-8");
        }
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            throw new IllegalArgumentException("the body starts with a byte-order mark; send plain UTF-8");
        }
        if (text.indexOf('\u0000') >= 0) {
            throw new IllegalArgumentException("the body holds NUL bytes: it is not UTF-8 (UTF-16 or UTF-32?)");
        }
        return text;
    }

    /** Instants as ISO_INSTANT writes them, through {@link IsoTimes} (the events' mapper only; REST keeps Quarkus's). */
    private static final class IsoInstantWriter extends StdSerializer<Instant> {

        IsoInstantWriter() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(IsoTimes.format(value));
        }
    }

    /** How a non-blank ISO string becomes a {@code T}. */
    @FunctionalInterface
    private interface TextReader<T> {
        T read(JsonParser p, DeserializationContext ctxt) throws IOException;
    }

    /**
     * Reads {@code T} only from a non-blank JSON string, so a number (epoch seconds, days), an array or "" is never
     * taken for a time, and a date is a date ({@code 2027-06-30}, not a date-time cut short).
     */
    private static final class TextOnly<T> extends StdDeserializer<T> {

        private final transient TextReader<T> reader;

        TextOnly(Class<T> type, TextReader<T> reader) {
            super(type);
            this.reader = reader;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                return (T) ctxt.handleUnexpectedToken(handledType(), p.currentToken(), p,
                        "expected an ISO-8601 string, not %s", p.currentToken());
            }
            String text = p.getText();
            try {
                if (text.isBlank()) {
                    throw new DateTimeException("blank");
                }
                return reader.read(p, ctxt);
            } catch (DateTimeException e) {
                return (T) ctxt.handleWeirdStringValue(handledType(), text, "not an ISO-8601 %s", handledType().getSimpleName());
            }
        }
    }
}
