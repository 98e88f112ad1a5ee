package ng.vaxtrace.http;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.jackson.ObjectMapperCustomizer;
import ng.vaxtrace.contracts.EventJson;

/**
 * Request bodies that Quarkus REST reads (adjustments, contacts, alert actions, ...) follow the same strict JSON
 * rules as our events: no coercion, no duplicate keys, nothing after the value, times only as ISO strings.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        EventJson.strict(mapper);
    }

    @Override
    public int priority() {
        return MINIMUM_PRIORITY; // after Quarkus registered java.time, so the text-only times override its readers
    }
}
