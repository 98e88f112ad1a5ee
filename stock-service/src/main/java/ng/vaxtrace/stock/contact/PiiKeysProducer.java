package ng.vaxtrace.stock.contact;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.Startup;

/**
 * The personal-data cipher from {@code vaxtrace.pii.keys} (env {@code VAXTRACE_PII_KEYS}). There is no default in
 * any profile: without keys, or with a malformed one, the service refuses to start.
 */
public class PiiKeysProducer {

    @Produces
    @Singleton
    @Startup
    PiiCipher cipher(@ConfigProperty(name = "vaxtrace.pii.keys") String keys) {
        return PiiCipher.of(keys);
    }
}
