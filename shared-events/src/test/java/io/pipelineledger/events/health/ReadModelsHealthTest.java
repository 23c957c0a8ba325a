package io.pipelineledger.events.health;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A process without streaming processors (the command service, services fed by the event topic) is ready at once and
 * never asks the store's head: the query service's own database has no event store tables (ThreeServicesKafkaTest).
 * The catch-up itself is tested on real processors by ReadinessRestartTest (deploy/embedded).
 */
class ReadModelsHealthTest {

    @Test
    void withoutStreamingProcessorsItIsUpWithoutAskingTheStore() {
        ReadModelsHealth health = new ReadModelsHealth(() -> null, () -> {
            throw new IllegalStateException("no event store tables here");
        });
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        assertThat(health.ready()).isTrue();
    }
}
