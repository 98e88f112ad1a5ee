package ng.vaxtrace.connector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import ng.vaxtrace.openlmis.simulator.OpenLmisSimulator;

/**
 * Starts the OpenLMIS simulator on a free loopback port for the connector under test: the Federal Capital Territory's
 * stores and two health facilities per LGA (26 facilities), so a full sync takes seconds.
 */
public class SimulatorTestResource implements QuarkusTestResourceLifecycleManager {

    private static OpenLmisSimulator simulator;

    public static OpenLmisSimulator simulator() {
        return simulator;
    }

    @Override
    public Map<String, String> start() {
        try {
            simulator = new OpenLmisSimulator(0, 42, 2, Set.of("NG-FC")).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("vaxtrace.connector.openlmis-url", simulator.baseUrl());
    }

    @Override
    public void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }
}
