package io.pipelineledger.events.security;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.security.oauth2.resource.reactive.ReactiveOAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.autoconfigure.security.reactive.ReactiveSecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.reactive.ReactiveUserDetailsServiceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.util.EnumSet;

/**
 * Access control for every service (and the one-process app): each request carries an API key or, when the operator
 * configured an issuer, a JWT bearer token; {@link AccessRules} decides which scope each endpoint needs. Stateless:
 * no sessions, no cookies, so no CSRF.
 */
@AutoConfiguration(before = {ReactiveSecurityAutoConfiguration.class, ReactiveUserDetailsServiceAutoConfiguration.class,
        ReactiveOAuth2ResourceServerAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@EnableWebFluxSecurity
@EnableConfigurationProperties(LedgerSecurityProperties.class)
@Import(ApiKeysController.class)
public class LedgerSecurityAutoConfiguration {

    private static final SecurityProblems PROBLEMS = new SecurityProblems();

    /** The first start's key on a terminal, once the server's port is known. */
    @Bean
    FirstStartConsole firstStartConsole() {
        return new FirstStartConsole(System.out);
    }

    @Bean
    public ApiKeys apiKeys(LedgerSecurityProperties properties, ObjectProvider<ReactiveJwtDecoder> jwt,
                           FirstStartConsole console) {
        ApiKeys keys = new ApiKeys(properties.getKeysFile(), properties.getKeys(), properties.getReloadInterval(),
                Clock.systemUTC());
        if (properties.isGenerateAdminKey() && properties.getKeysFile() != null && keys.isEmpty()
                && jwt.getIfAvailable() == null) {
            FirstStartKey.announce(keys.create("local admin (created at first start)", EnumSet.allOf(Scope.class)),
                    properties.getKeysFile(), console);
        }
        return keys;
    }

    /** Also keeps Spring Boot from creating (and logging) a default user with a generated password. */
    @Bean
    public ApiKeyAuthenticationManager apiKeyAuthenticationManager(ApiKeys keys) {
        return new ApiKeyAuthenticationManager(keys);
    }

    @Bean
    public CloseAfterRefusalFilter closeAfterRefusalFilter() {
        return new CloseAfterRefusalFilter();
    }

    /** The firewall's refusals as problems too (picked up by Spring Security's filter chain proxy). */
    @Bean
    public ServerExchangeRejectedHandler ledgerExchangeRejectedHandler() {
        return (exchange, rejected) -> PROBLEMS.rejected(exchange);
    }

    @Bean
    public SecurityWebFilterChain ledgerSecurity(ServerHttpSecurity http, ApiKeyAuthenticationManager keys,
                                                 ObjectProvider<ReactiveJwtDecoder> jwt) {
        ReactiveJwtDecoder decoder = jwt.getIfAvailable();
        AuthenticationWebFilter apiKeys = new AuthenticationWebFilter(keys);
        apiKeys.setServerAuthenticationConverter(new ApiKeyAuthenticationConverter(decoder != null));
        apiKeys.setAuthenticationFailureHandler(new ServerAuthenticationEntryPointFailureHandler(PROBLEMS));
        apiKeys.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());

        http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .anonymous(ServerHttpSecurity.AnonymousSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .exceptionHandling(e -> e.authenticationEntryPoint(PROBLEMS).accessDeniedHandler(PROBLEMS))
                .addFilterAt(new HeaderCheck(PROBLEMS), SecurityWebFiltersOrder.FIRST)
                .addFilterAt(apiKeys, SecurityWebFiltersOrder.AUTHENTICATION)
                .addFilterBefore(new MethodGate(PROBLEMS), SecurityWebFiltersOrder.AUTHORIZATION)
                .authorizeExchange(AccessRules::apply);
        if (decoder != null) {
            ServerBearerTokenAuthenticationConverter bearer = new ServerBearerTokenAuthenticationConverter();
            http.oauth2ResourceServer(resource -> resource
                    // API keys also come as "Bearer pl_…": those are not JWTs
                    .bearerTokenConverter(exchange -> ApiKeys.looksLikeKey(
                            ApiKeyAuthenticationConverter.bearerOf(exchange.getRequest().getHeaders()))
                            ? Mono.empty() : bearer.convert(exchange))
                    .authenticationEntryPoint(PROBLEMS)
                    .accessDeniedHandler(PROBLEMS)
                    .jwt(j -> j.jwtDecoder(decoder)));
        }
        return http.build();
    }
}
