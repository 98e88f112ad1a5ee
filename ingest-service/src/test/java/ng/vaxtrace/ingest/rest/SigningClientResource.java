package ng.vaxtrace.ingest.rest;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Configures signing clients with fresh random secrets for each test run: {@code field-test} with two secrets (as
 * during a rotation) and {@code slow-test} with a rate limit of {@value #SLOW_LIMIT} requests per window.
 */
public class SigningClientResource implements QuarkusTestResourceLifecycleManager {

    public static final String CLIENT = "field-test";
    public static final String SLOW_CLIENT = "slow-test";
    public static final int SLOW_LIMIT = 3;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(OpenLmisIds.CONFIG);
        config.putAll(Map.of("vaxtrace.ingest.clients." + CLIENT + ".secrets", random() + "," + random(),
                "vaxtrace.ingest.clients." + SLOW_CLIENT + ".secrets", random(),
                "vaxtrace.ingest.clients." + SLOW_CLIENT + ".rate-limit", Integer.toString(SLOW_LIMIT)));
        return config;
    }

    private static String random() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public void stop() {
    }
}
