package ng.vaxtrace.contracts;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * Validates a record value against the published JSON Schema of its CloudEvent {@code type}. Used by tests (and by
 * anyone who wants to check a producer); needs {@code com.networknt:json-schema-validator} on the classpath.
 */
public final class ContractSchemas {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(mappers -> mappers.mapPrefix(EventTypes.SCHEMA_BASE, "classpath:vaxtrace/schemas/")));
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private ContractSchemas() {
    }

    /** Every schema violation of {@code recordValue}; empty when it conforms to the schema of its own type. */
    public static List<String> violations(String recordValue) {
        JsonNode event = EventJson.tree(recordValue);
        JsonNode type = event.get("type");
        if (type == null || !type.isTextual() || !type.asText().startsWith(EventTypes.PREFIX)) {
            return List.of("$.type: missing or not a VaxTrace event type");
        }
        JsonSchema schema = SCHEMAS.computeIfAbsent(type.asText(), t -> FACTORY.getSchema(
                com.networknt.schema.SchemaLocation.of(EventTypes.schemaUri(t)),
                SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build()));
        return schema.validate(event).stream().map(ValidationMessage::getMessage).toList();
    }
}
