package io.pipelineledger.command.config;

import io.pipelineledger.command.api.DefineSalesProcessCommand;
import io.pipelineledger.command.api.OpportunityCommand;
import io.pipelineledger.command.ingest.CrmEventParser;
import io.pipelineledger.command.ingest.RecordedEventIds;
import io.pipelineledger.events.spring.EventContractConfig;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcSQLErrorCodesResolver;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.List;

/**
 * Axon wiring: the contract's Jackson form for every message, the upcasters and a clock ({@link EventContractConfig}),
 * the event store, the aggregate cache.
 */
@Configuration
@Import(EventContractConfig.class)
public class AxonConfig {

    /** Keeps recently used opportunities in memory so a batch does not read their events back from the store. */
    @Bean
    public Cache opportunityCache(@Value("${ledger.aggregate-cache.max-entries:100000}") int maxEntries) {
        return new BoundedAggregateCache(maxEntries);
    }

    /**
     * Keeps the exchange-rate table in memory, so a PUT does not replay every rate ever set; the rate service drops
     * it when another instance recorded rates since (ExchangeRateService).
     */
    @Bean
    public Cache rateTableCache() {
        return new BoundedAggregateCache(1);
    }

    /**
     * Axon's JDBC event storage (tables by Flyway), declared here because defining the event store below switches
     * off Axon's auto-configured one.
     */
    @Bean
    public EventStorageEngine eventStorageEngine(@Value("${ledger.event-store.fetch-batch-size:1000}") int batchSize,
                                                 Serializer serializer,
                                                 @Qualifier("eventSerializer") Serializer eventSerializer,
                                                 org.axonframework.config.Configuration axon,
                                                 ConnectionProvider connectionProvider,
                                                 TransactionManager transactionManager) {
        return JdbcEventStorageEngine.builder()
                .snapshotSerializer(serializer)
                .eventSerializer(eventSerializer)
                .upcasterChain(axon.upcasterChain())
                .persistenceExceptionResolver(new JdbcSQLErrorCodesResolver())
                .snapshotFilter(axon.snapshotFilter())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(EventSchema.builder().build())
                // events per query when a processor streams the store (Axon's default, 100, made a replay
                // mostly round trips)
                .batchSize(batchSize)
                .readEventDataWithGaps(AxonConfig::readEventDataWithGaps)
                .build();
    }

    /**
     * The next events after a position plus the gaps behind it, as two index lookups joined by UNION ALL: Axon's
     * {@code (range) OR globalIndex IN (gaps)} makes H2 scan the whole table, which two writers committing out of
     * order (gaps while the other commits) turned into seconds of projection lag.
     */
    static PreparedStatement readEventDataWithGaps(Connection connection, EventSchema schema, long globalIndex,
                                                   int batchSize, List<Long> gaps) throws SQLException {
        String select = "SELECT " + schema.trackedEventFields() + " FROM " + schema.domainEventTable() + " WHERE ";
        String sql = select + schema.globalIndexColumn() + " > ? AND " + schema.globalIndexColumn() + " <= ?"
                + (gaps.isEmpty() ? "" : " UNION ALL " + select + schema.globalIndexColumn() + " IN ("
                + String.join(",", Collections.nCopies(gaps.size(), "?")) + ")")
                + " ORDER BY " + schema.globalIndexColumn() + " ASC";
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.setLong(1, globalIndex);
        statement.setLong(2, globalIndex + batchSize);
        for (int i = 0; i < gaps.size(); i++) {
            statement.setLong(i + 3, gaps.get(i));
        }
        return statement;
    }

    /** The event store (and event bus) of the application, see {@link BatchFriendlyEventStore}. */
    @Bean(name = "eventBus")
    @Qualifier("eventStore")
    public EmbeddedEventStore eventStore(EventStorageEngine storageEngine, org.axonframework.config.Configuration axon) {
        EmbeddedEventStore store = new BatchFriendlyEventStore(EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(axon.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(axon.getComponent(EventBusSpanFactory.class)));
        store.registerDispatchInterceptor(RecordedEventIds.identifierInterceptor());
        return store;
    }

    /** Reads the target aggregate straight off our command records; Axon's default reflects on every command. */
    @Bean
    public CommandTargetResolver ledgerCommandTargetResolver() {
        CommandTargetResolver annotations = AnnotationCommandTargetResolver.builder().build();
        return command -> {
            Object payload = command.getPayload();
            if (payload instanceof OpportunityCommand opportunity) {
                return new VersionedAggregateIdentifier(opportunity.opportunityId().value(), null);
            }
            if (payload instanceof DefineSalesProcessCommand process) {
                return new VersionedAggregateIdentifier(process.processId(), null);
            }
            return annotations.resolveTarget(command);
        };
    }

    @Bean
    public CrmEventParser crmEventParser(Clock clock,
                                         @Value("${ledger.ingest.allowed-clock-skew:PT5M}") Duration skew,
                                         @Value("${ledger.default-currency:USD}") String currency) {
        return new CrmEventParser(clock, skew, currency);
    }
}
