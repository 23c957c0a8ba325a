package io.pipelineledger.events.spring;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.axonframework.eventhandling.EventHandler;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.annotation.AnnotatedElementUtils;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring's deprecation warning about convention-based attribute overrides is dropped for Axon's annotations only: the
 * same warning about an annotation of ours still reaches the log (real Spring annotation processing, real Logback).
 */
class AxonAnnotationDeprecationsTest {

    /** A meta-annotation and an annotation that overrides its attribute by convention (no @AliasFor). */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.ANNOTATION_TYPE, ElementType.METHOD})
    @interface Meta {
        String flavour() default "";
    }

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @Meta
    @interface OursByConvention {
        String flavour() default "";
    }

    static final class Handlers {
        @EventHandler
        @OursByConvention(flavour = "x")
        void on(String event) {
        }
    }

    @Test
    void onlyTheWarningsAboutAxonsAnnotationsAreDropped() throws Exception {
        LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger logger = logging.getLogger(AxonAnnotationDeprecations.LOGGER);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            new AxonAnnotationDeprecations().initialize(context);
            new AxonAnnotationDeprecations().initialize(context); // idempotent: one filter
            assertThat(logging.getTurboFilterList()).filteredOn(AxonAnnotationDeprecations.Filter.class::isInstance)
                    .hasSize(1);
            var method = Handlers.class.getDeclaredMethod("on", String.class);
            // builds Spring's mappings of both annotations on the method, as bean post-processors do at start
            AnnotatedElementUtils.findMergedAnnotation(method, Meta.class);
            AnnotatedElementUtils.findMergedAnnotation(method, org.axonframework.messaging.annotation.MessageHandler.class);
        } finally {
            logger.detachAppender(appender);
        }
        assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch(m -> m.contains("@org.axonframework."))
                .anyMatch(m -> m.contains("convention-based") && m.contains("OursByConvention"));
    }
}
