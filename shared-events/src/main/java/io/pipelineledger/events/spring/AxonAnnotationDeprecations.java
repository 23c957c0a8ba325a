package io.pipelineledger.events.spring;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Drops one known, harmless start-up warning, and only it: Spring 6.2 warns once per annotation type that
 * Spring 7 drops "convention-based annotation attribute overrides", naming Axon 4.13's own {@code @Aggregate},
 * {@code @CommandHandler}, {@code @EventSourcingHandler} and {@code @EventHandler} (five WARNs at every start). The
 * cause is inside Axon's jars, which declare those attributes without {@code @AliasFor}; Axon 4.x will not change
 * them (AxonFramework issues 2538 and 3914) and no later 4.x resolves here. Nothing in the ledger reads those
 * attributes through Spring's merged annotations (Axon reads them itself), and the stack stays on Spring 6.2 while it
 * stays on Axon 4 (see STACK.md). The same warning about any other annotation (ours, another library's) still shows.
 * <p>
 * An initializer, so it runs after Spring Boot set up logging and before the context scans any class (where the
 * warnings are logged). Only with Logback, Spring Boot's default.
 */
public final class AxonAnnotationDeprecations implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    static final String LOGGER = "org.springframework.core.annotation.AnnotationTypeMapping";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        if (!isLogback()) {
            return;
        }
        LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
        if (logging.getTurboFilterList().stream().noneMatch(Filter.class::isInstance)) {
            Filter filter = new Filter();
            filter.start();
            logging.addTurboFilter(filter);
        }
    }

    private static boolean isLogback() {
        try {
            return LoggerFactory.getILoggerFactory() instanceof LoggerContext;
        } catch (NoClassDefFoundError e) {
            return false;
        }
    }

    /** Denies the deprecation warning when it names an annotation of Axon Framework's own packages. */
    static final class Filter extends TurboFilter {
        @Override
        public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
                                  Throwable t) {
            return level == Level.WARN && format != null && LOGGER.equals(logger.getName())
                    && format.startsWith("Support for convention-based annotation attribute overrides")
                    && format.contains(" in @org.axonframework.") ? FilterReply.DENY : FilterReply.NEUTRAL;
        }
    }
}
