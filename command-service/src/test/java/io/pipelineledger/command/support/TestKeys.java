package io.pipelineledger.command.support;

import io.pipelineledger.events.security.ApiKeys;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.test.web.reactive.server.WebTestClientBuilderCustomizer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

import java.util.List;
import java.util.Map;

/**
 * Every ledger started in a test JVM accepts one admin key (every scope), and a test's autowired WebTestClient sends
 * it, so tests of other features talk to the ledger as an authorised client would. Security tests make their own
 * keys; {@code --test.ledger.admin-key=false} starts a ledger without this one. Registered in META-INF/spring.factories
 * of command-service's test jar (deploy/embedded's tests use it too).
 */
public final class TestKeys {

    public static final String ADMIN = "pl_testadmin_k8Z1c4mWq0aT7yH2uJ5nB3vE6rX9pL0sD1fG4hK7jQ2";
    public static final String HEADER = "X-API-Key";

    private TestKeys() {
    }

    /** The keys-file line of a key with the given id (the key's text between "pl_" and the next "_") and scopes. */
    public static String line(String key, String scopes) {
        String id = key.substring(3, key.indexOf('_', 3));
        return id + " " + ApiKeys.hash(key) + " " + scopes + " 2026-01-01T00:00:00Z test key";
    }

    /** Adds the admin key to the ledger's configured keys (lowest precedence: arguments override it). */
    public static final class Environment implements EnvironmentPostProcessor {

        @Override
        public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
            if ("false".equals(environment.getProperty("test.ledger.admin-key"))) {
                return;
            }
            environment.getPropertySources().addLast(new MapPropertySource("test-admin-key", Map.of(
                    "ledger.security.keys[0]", line(ADMIN,
                            "events:write,forecast:read,forecast:submit,metrics:read,process:admin"),
                    "ledger.security.generate-admin-key", "false")));
        }
    }

    /** Makes a {@code @SpringBootTest}'s WebTestClient send the admin key. */
    public static final class Clients implements ContextCustomizerFactory {

        @Override
        public ContextCustomizer createContextCustomizer(Class<?> testClass,
                                                         List<ContextConfigurationAttributes> configAttributes) {
            return new Customizer();
        }
    }

    private static final class Customizer implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            context.getBeanFactory().registerSingleton("testAdminKeyClient",
                    (WebTestClientBuilderCustomizer) builder -> builder.defaultHeader(HEADER, ADMIN));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Customizer;
        }

        @Override
        public int hashCode() {
            return Customizer.class.hashCode();
        }
    }
}
