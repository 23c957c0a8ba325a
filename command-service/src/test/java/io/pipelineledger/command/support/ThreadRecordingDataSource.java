package io.pipelineledger.command.support;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Wraps the application's DataSource to record which threads open JDBC connections. */
public class ThreadRecordingDataSource extends DelegatingDataSource {

    public static final Set<String> THREADS = ConcurrentHashMap.newKeySet();

    public ThreadRecordingDataSource(DataSource target) {
        super(target);
    }

    @Override
    public Connection getConnection() throws SQLException {
        THREADS.add(Thread.currentThread().getName());
        return super.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        THREADS.add(Thread.currentThread().getName());
        return super.getConnection(username, password);
    }

    /** Import into a test context to wrap its DataSource. */
    @TestConfiguration
    public static class Config {
        @Bean
        static BeanPostProcessor recordingDataSource() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof DataSource ds && !(bean instanceof ThreadRecordingDataSource)
                            ? new ThreadRecordingDataSource(ds) : bean;
                }
            };
        }
    }
}
