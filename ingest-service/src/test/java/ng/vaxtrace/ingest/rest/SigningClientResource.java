package ng.vaxtrace.ingest.rest;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Configures one signing client with two fresh random secrets (as during a rotation) for each test run. */
public class SigningClientResource implements QuarkusTestResourceLifecycleManager {

    public static final String CLIENT = "field-test";

    @Override
    public Map<String, String> start() {
        return Map.of("vaxtrace.ingest.clients." + CLIENT + ".secrets", random() + "," + random());
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
