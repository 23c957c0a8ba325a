package io.pipelineledger.embedded.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What a benchmark ran on, for its report. */
final class Machine {

    private Machine() {
    }

    static String describe() {
        return String.format(Locale.ROOT, "Machine: %s, %d cores, %s RAM, %s %s", cpuModel(),
                Runtime.getRuntime().availableProcessors(), memory(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"));
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static String memory() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .findFirst().map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024 / 1024 + " GiB")
                    .orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
