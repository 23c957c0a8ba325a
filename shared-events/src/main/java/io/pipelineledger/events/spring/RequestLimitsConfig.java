package io.pipelineledger.events.spring;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.codec.CodecCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.codec.json.Jackson2JsonDecoder;
import org.springframework.util.unit.DataSize;

/**
 * Limits on what any request body may be, for every service: its size as it arrives
 * ({@link RequestBodyLimitFilter}), and how the JSON bodies decoded by Spring (process definitions, forecast
 * submissions, API keys…) are parsed: short numbers (before any BigDecimal is built), bounded strings, names and
 * nesting, and no key given twice. CRM event bodies have their own token-level reader on the command side.
 */
@Configuration(proxyBeanMethods = false)
public class RequestLimitsConfig {

    static final int MAX_NUMBER_LENGTH = 100;
    static final int MAX_STRING_LENGTH = 1_000_000;
    static final int MAX_NAME_LENGTH = 1_000;
    static final int MAX_NESTING_DEPTH = 64;

    @Bean
    public RequestBodyLimitFilter requestBodyLimitFilter(
            @Value("${ledger.http.max-body-size:1MB}") DataSize general,
            @Value("${spring.codec.max-in-memory-size:64MB}") DataSize bulk) {
        return new RequestBodyLimitFilter(general.toBytes(), bulk.toBytes());
    }

    /** After Spring Boot's own Jackson codec customizer (order 0), which this one replaces the decoder of. */
    @Bean
    @Order(10)
    public CodecCustomizer strictJsonBodies(ObjectMapper mapper) {
        ObjectMapper strict = strict(mapper);
        return codecs -> codecs.defaultCodecs().jackson2JsonDecoder(new Jackson2JsonDecoder(strict));
    }

    /** A copy of the application's mapper for request bodies; the mapper itself (stored JSON, snapshots) is left be. */
    static ObjectMapper strict(ObjectMapper mapper) {
        ObjectMapper strict = mapper.copy();
        strict.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .maxStringLength(MAX_STRING_LENGTH)
                .maxNameLength(MAX_NAME_LENGTH)
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .build());
        strict.getFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        return strict;
    }
}
