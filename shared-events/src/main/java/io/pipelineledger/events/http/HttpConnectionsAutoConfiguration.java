package io.pipelineledger.events.http;

import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.embedded.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Every service's HTTP server (Reactor Netty) holds a bounded number of connections, at most a share of them per
 * client address, and closes connections that do not send a whole request in time; what it closed is logged as one
 * summary line per interval ({@link HttpConnectionProperties}). At shutdown, live streams end first, so in-flight
 * requests are answered and the process stops promptly.
 */
@AutoConfiguration
@ConditionalOnClass({HttpServer.class, NettyServerCustomizer.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@EnableConfigurationProperties(HttpConnectionProperties.class)
public class HttpConnectionsAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(HttpConnectionsAutoConfiguration.class);

    @Bean
    ConnectionLimits ledgerConnectionLimits(HttpConnectionProperties properties) {
        ConnectionLimits limits = ConnectionLimits.of(properties, fileDescriptorLimit());
        log.info("HTTP connections: at most {} open, {} per client address; a request's headers within {}, "
                        + "kept-alive connections idle up to {}", limits.maxTotal(), limits.maxPerClient(),
                properties.getHeaderTimeout(), properties.getIdleTimeout());
        return limits;
    }

    @Bean
    ClosedConnectionsReport ledgerClosedConnectionsReport(HttpConnectionProperties properties,
                                                          ConnectionLimits limits) {
        return new ClosedConnectionsReport(properties.getHeaderTimeout(), properties.getIdleTimeout(), limits,
                properties.getReportInterval());
    }

    @Bean
    ClosedConnectionsReporter ledgerClosedConnectionsReporter(ClosedConnectionsReport report,
                                                              HttpConnectionProperties properties) {
        return new ClosedConnectionsReporter(report, properties.getReportInterval());
    }

    @Bean
    HeadClosesConnection ledgerHeadClosesConnection() {
        return new HeadClosesConnection();
    }

    @Bean
    SlowBodyProblem ledgerSlowBodyProblem() {
        return new SlowBodyProblem();
    }

    @Bean
    StreamsEndAtShutdown ledgerStreamsEndAtShutdown() {
        return new StreamsEndAtShutdown();
    }

    @Bean
    NettyServerCustomizer ledgerConnectionLimitsCustomizer(HttpConnectionProperties properties,
                                                           ConnectionLimits limits, ClosedConnectionsReport report) {
        // readTimeout: Reactor Netty's pause limit while a request's body is read (the header deadline ends there)
        return server -> server.readTimeout(properties.getBodyReadTimeout()).doOnChannelInit((observer, channel, remote) -> {
            InetAddress client = addressOf(remote != null ? remote : channel.remoteAddress());
            ConnectionLimits.Admission admission = limits.admit(client);
            if (admission != ConnectionLimits.Admission.ADMITTED) {
                report.refused(admission);
                channel.config().setAutoRead(false);
                channel.close();
                return;
            }
            channel.closeFuture().addListener(closed -> limits.release(client));
            addDeadline(channel, properties, report);
        });
    }

    private static void addDeadline(Channel channel, HttpConnectionProperties properties,
                                    ClosedConnectionsReport report) {
        if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
            channel.pipeline().addAfter(NettyPipeline.HttpCodec, RequestDeadlineHandler.NAME,
                    new RequestDeadlineHandler(properties.getHeaderTimeout(), properties.getIdleTimeout(), report));
        }
    }

    private static InetAddress addressOf(SocketAddress remote) {
        return remote instanceof InetSocketAddress inet && inet.getAddress() != null ? inet.getAddress()
                : InetAddress.getLoopbackAddress();
    }

    /** The process's open-file limit where the JVM tells it (Unix), else a generous guess. */
    private static long fileDescriptorLimit() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return 65_536;
    }
}
