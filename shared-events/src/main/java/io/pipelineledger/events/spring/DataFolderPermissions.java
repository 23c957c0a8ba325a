package io.pipelineledger.events.spring;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The folder of the H2 database files (the data folder, where the keys file lives too) is made owner-only (0700)
 * before anything writes there, and everything in it owner-only (0600) once the application is ready (H2 creates its
 * files with the umask). Other users of the machine read neither the events nor the keys.
 */
public final class DataFolderPermissions implements EnvironmentPostProcessor, Ordered {

    private static final Logger log = LoggerFactory.getLogger(DataFolderPermissions.class);
    private static final String H2_FILE = "jdbc:h2:file:";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Set<Path> folders = folders(environment);
        if (folders.isEmpty()) {
            return;
        }
        for (Path folder : folders) {
            try {
                OwnerOnlyFiles.secureFolder(folder);
            } catch (IOException | RuntimeException e) {
                log.warn("Could not make the data folder {} owner-only: {}", folder, e.toString());
            }
        }
        application.addListeners((ApplicationListener<ApplicationReadyEvent>) ready -> folders.forEach(folder -> {
            try {
                OwnerOnlyFiles.secureTree(folder);
            } catch (IOException | RuntimeException e) {
                log.warn("Could not make the files in {} owner-only: {}", folder, e.toString());
            }
        }));
    }

    static Set<Path> folders(ConfigurableEnvironment environment) {
        Set<Path> folders = new LinkedHashSet<>();
        String url = environment.getProperty("spring.datasource.url", "");
        if (url.startsWith(H2_FILE)) {
            String file = url.substring(H2_FILE.length()).split(";", 2)[0];
            if (file.startsWith("~")) {
                file = System.getProperty("user.home") + file.substring(1);
            }
            Path parent = Path.of(file).toAbsolutePath().normalize().getParent();
            if (parent != null) {
                folders.add(parent);
            }
        }
        return folders;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
