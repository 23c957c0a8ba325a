package io.pipelineledger.events.stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Who else is in a consumer group. Every instance of the query and forecast services reads every partition, so its
 * group must have no other member; this is how an instance finds out it has company (a second instance on the same
 * database derives the same group, see the query service's ReplicaGroup).
 */
public final class ConsumerGroups {

    private static final Logger log = LoggerFactory.getLogger(ConsumerGroups.class);
    /** The consumers' session timeout: a crashed member is dropped from its group after this long. */
    public static final Duration SESSION_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);

    private ConsumerGroups() {
    }

    /**
     * The group's members other than {@code self} (a member id, or null before joining), each as "client id at
     * host"; empty when there are none or Kafka does not answer (the running source checks again on assignment).
     */
    public static List<String> otherMembers(String bootstrapServers, String group, String self) {
        // (the API timeout may not be below the request timeout, 30 s by default: both are set)
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ASK_TIMEOUT.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ASK_TIMEOUT.toMillis()))) {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).describedGroups()
                    .get(group).get(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return description.members().stream().filter(member -> !member.consumerId().equals(self))
                    .map(ConsumerGroups::describe).toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } catch (Exception e) { // Kafka away or slow: not a reason to refuse
            log.warn("Could not ask Kafka at {} for the members of group {}: {} (cause: {})", bootstrapServers, group,
                    e.toString(), String.valueOf(e.getCause()));
            return List.of();
        }
    }

    /**
     * Throws when the group already has a member that is still there after a session timeout (a crashed earlier
     * run of this same instance is dropped by then): two instances would split the partitions between them.
     */
    public static void requireNoMember(String bootstrapServers, String group, String hint) {
        List<String> others = otherMembers(bootstrapServers, group, null);
        if (others.isEmpty()) {
            return;
        }
        log.warn("Consumer group {} has members {}: waiting up to {} s for them to go (a crashed earlier run)",
                group, others, SESSION_TIMEOUT.plusSeconds(5).toSeconds());
        long deadline = System.nanoTime() + SESSION_TIMEOUT.plusSeconds(5).toNanos();
        while (!others.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for group " + group + " to be free", e);
            }
            others = otherMembers(bootstrapServers, group, null);
        }
        if (!others.isEmpty()) {
            throw new IllegalStateException(sharedMessage(group, others) + ". " + hint);
        }
    }

    /** The error text for a group with another member. */
    public static String sharedMessage(String group, List<String> others) {
        return "consumer group " + group + " is already read by " + String.join(", ", others)
                + ": every instance must read every partition, so its group must be its own";
    }

    private static String describe(MemberDescription member) {
        return member.clientId() + " at " + member.host();
    }
}
