package ng.vaxtrace.testing;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import ng.vaxtrace.security.DevIssuer;

/**
 * Points a {@code @QuarkusTest} application at the real infrastructure of {@link LocalInfra}. Init arg
 * {@code database} names the service's database; without it no datasource is configured.
 */
public class InfraTestResource implements QuarkusTestResourceLifecycleManager {

    private String database;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.get("database");
    }

    @Override
    public Map<String, String> start() {
        LocalInfra.Endpoints infra = LocalInfra.start();
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", infra.kafkaBootstrap());
        config.put("quarkus.redis.hosts", infra.redisUrl());
        // Tokens in tests are signed by this JVM's development issuer (TestIssuer).
        config.put("quarkus.oidc.public-key", TestIssuer.shared().publicKey());
        config.put("quarkus.oidc.token.issuer", DevIssuer.ISSUER);
        if (database != null) {
            config.put("quarkus.datasource.reactive.url", infra.reactiveUrl(database));
            config.put("quarkus.datasource.jdbc.url", infra.jdbcUrl(database));
            config.put("quarkus.datasource.username", infra.pgUser());
            config.put("quarkus.datasource.password", infra.pgPassword());
        }
        return config;
    }

    @Override
    public void stop() {
        // Shared by every application this JVM boots; LocalInfra stops what it started when the JVM exits.
    }
}
