package ng.vaxtrace.ingest.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of the ingest front door. Client secrets come from configuration only, never from the code. */
@ConfigMapping(prefix = "vaxtrace.ingest")
public interface IngestConfig {

    /** How far a request's signed timestamp may be from our clock before it is refused as a possible replay. */
    @WithDefault("PT5M")
    Duration replayWindow();

    /** Most events accepted in one batch request. */
    @WithDefault("500")
    int maxBatchSize();

    /** Signing clients by id (the value of the X-VaxTrace-Client header). */
    Map<String, Client> clients();

    interface Client {
        /** Active HMAC secrets; two during a rotation, the old one removed once every device has the new one. */
        List<String> secrets();
    }
}
