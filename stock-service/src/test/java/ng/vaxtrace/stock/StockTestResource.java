package ng.vaxtrace.stock;

import java.util.HashMap;
import java.util.Map;

import ng.vaxtrace.stock.contact.PiiCipher;
import ng.vaxtrace.testing.InfraTestResource;

/**
 * The shared infrastructure plus personal-data keys made at random for this run (never committed): an active key
 * and an older, decrypt-only one, so key rotation can be tested without a restart.
 */
public class StockTestResource extends InfraTestResource {

    static final String ACTIVE_KEY_ID = "test-active";
    static final String OLD_KEY_ID = "test-old";

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        config.put("vaxtrace.pii.keys", PiiCipher.newKeyEntry(ACTIVE_KEY_ID) + "," + PiiCipher.newKeyEntry(OLD_KEY_ID));
        return config;
    }
}
