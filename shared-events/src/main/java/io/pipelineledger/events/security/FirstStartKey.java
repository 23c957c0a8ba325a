package io.pipelineledger.events.security;

import io.pipelineledger.events.spring.OwnerOnlyFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Console;
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

    /**
     * Writes the key's file and logs where it is; on a terminal the key is also shown, with the URL the server is
     * bound to, once it is ({@code console}: the port is not known yet when the key is created).
     */
    static Path announce(ApiKeys.Issued issued, Path keysFile, FirstStartConsole console) {
        Path file = keysFile.toAbsolutePath().resolveSibling(FILE_NAME);
        OwnerOnlyFiles.write(file, issued.secret() + "\n");
        log.info("First start: an admin key with every scope (id {}) was written to {} (readable by this user only; "
                + "{} keeps only its SHA-256). Store the key where your secrets live, then delete that file.",
                issued.key().id(), file, keysFile.toAbsolutePath());
        if (stdoutIsTerminal()) {
            console.show(issued.secret(), file);
        }
        return file;
    }

    /** The box shown on a terminal: the key, where it is kept, and where the ledger answers ({@code baseUrl}). */
    static String consoleText(String secret, Path file, String baseUrl) {
        String line = "=".repeat(78);
        String url = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
        return String.join(System.lineSeparator(), line,
                " Pipeline Ledger: first start. A local admin key was created with every scope.",
                " It is in " + file + " (owner-only); shown here because this is a terminal.",
                "",
                "   " + secret,
                "",
                " API:        curl -H 'X-API-Key: <key>' " + url + "api/v1/process",
                " Dashboard:  open " + url + " and paste the key.",
                " Keys for CRMs, finance and dashboards: POST /api/v1/admin/api-keys (SECURITY.md).",
                line);
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
