package io.pipelineledger.command;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The command side: records what CRMs post as immutable events. */
@SpringBootApplication
public class CommandServiceApplication {

    public static void main(String[] args) {
        // A self-hosted ledger does not phone home: Axon's update check stays off unless asked for.
        if (System.getProperty("axoniq.update-checker.disabled") == null) {
            System.setProperty("axoniq.update-checker.disabled", "true");
        }
        SpringApplication.run(CommandServiceApplication.class, args);
    }
}
