package io.pipelineledger.events.security;

import io.pipelineledger.events.spring.OwnerOnlyFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Console;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The one-process app's first start: rather than running open, it creates an admin key and writes it to an owner-only
 * file (0600) in the data folder; the log says where, never the key. The key is also shown on the console when stdout
 * is a terminal (a person started it); container logs, which keep stdout, never get it. Only its hash is in the keys
 * file.
 */
final class FirstStartKey {

    /** Next to the keys file. */
    static final String FILE_NAME = "first-admin-key";

    private static final Logger log = LoggerFactory.getLogger(FirstStartKey.class);

    private FirstStartKey() {
    }

    static Path announce(ApiKeys.Issued issued, Path keysFile) {
        Path file = keysFile.toAbsolutePath().resolveSibling(FILE_NAME);
        OwnerOnlyFiles.write(file, issued.secret() + "\n");
        log.info("First start: an admin key with every scope (id {}) was written to {} (readable by this user only; "
                + "{} keeps only its SHA-256). Store the key where your secrets live, then delete that file.",
                issued.key().id(), file, keysFile.toAbsolutePath());
        if (stdoutIsTerminal()) {
            print(issued, file);
        }
        return file;
    }

    private static void print(ApiKeys.Issued issued, Path file) {
        PrintStream out = System.out;
        String line = "=".repeat(78);
        out.println(line);
        out.println(" Pipeline Ledger: first start. A local admin key was created with every scope.");
        out.println(" It is in " + file + " (owner-only); shown here because this is a terminal.");
        out.println();
        out.println("   " + issued.secret());
        out.println();
        out.println(" API:        curl -H 'X-API-Key: <key>' http://localhost:8080/api/v1/process");
        out.println(" Dashboard:  open http://localhost:8080/ and paste the key.");
        out.println(" Keys for CRMs, finance and dashboards: POST /api/v1/admin/api-keys (SECURITY.md).");
        out.println(line);
        out.flush();
    }

    /** A console whose output is a terminal (Java 22+ returns a console for redirected output too: ask it). */
    static boolean stdoutIsTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException beforeJava22) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
