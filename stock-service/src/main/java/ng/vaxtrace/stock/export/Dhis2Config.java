package ng.vaxtrace.stock.export;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The DHIS2 export (docs/dhis2-export.md): where to push monthly figures, how to authenticate, how to map them. */
@ConfigMapping(prefix = "vaxtrace.stock.dhis2")
public interface Dhis2Config {

    /** The DHIS2 instance's base URL (for example https://dhis2.example.org); without it nothing is pushed. */
    Optional<String> baseUrl();

    /** A personal access token (sent as {@code Authorization: ApiToken …}); preferred over username/password. */
    Optional<String> apiToken();

    /** Basic-auth user, when no API token is configured. */
    Optional<String> username();

    /** Basic-auth password (a secret: from the environment only). */
    Optional<String> password();

    /**
     * The mapping file (JSON: org units, data elements, category option combos per metric and product). Read at every
     * export, so an edit needs no restart.
     */
    Optional<String> mappingFile();

    /** Push the previous month on the schedule below (off by default: a programme turns it on once its mapping is agreed). */
    @WithDefault("false")
    boolean scheduleEnabled();

    /**
     * When to push the previous month, a Quartz cron in Africa/Lagos time (read by the scheduler). Default: 04:00 on the
     * 6th, after the reporting deadline of the 5th, so late counts are in.
     */
    @WithDefault("0 0 4 6 * ?")
    String scheduleCron();

    /** Attempts per push when DHIS2 is unreachable or answers 5xx/429 (4xx other than 429 and conflicts are not retried). */
    @WithDefault("5")
    int maxAttempts();

    /** Wait before the first retry; doubles with jitter up to {@link #maxBackoff()}. */
    @WithDefault("PT1S")
    Duration initialBackoff();

    /** Longest wait between retries. */
    @WithDefault("PT1M")
    Duration maxBackoff();

    /** Longest one request may take (a large import is slow on DHIS2's side). */
    @WithDefault("PT2M")
    Duration requestTimeout();
}
