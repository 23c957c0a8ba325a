package io.pipelineledger.events.security;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The one-process app's first start: rather than running open, it creates an admin key and prints it once on the
 * console (not through the logger, so it reaches no log file or collector). Only its hash is stored.
 */
final class FirstStartKey {

    private FirstStartKey() {
    }

    static void announce(ApiKeys.Issued issued, Path keysFile) {
        PrintStream out = System.out;
        String line = "=".repeat(78);
        out.println(line);
        out.println(" Pipeline Ledger: first start. A local admin key was created with every scope.");
        out.println(" It is shown only now; " + keysFile + " keeps its SHA-256, never the key.");
        out.println();
        out.println("   " + issued.secret());
        out.println();
        out.println(" API:        curl -H 'X-API-Key: <key>' http://localhost:8080/api/v1/process");
        out.println(" Dashboard:  open http://localhost:8080/ and paste the key.");
        out.println(" Keys for CRMs, finance and dashboards: POST /api/v1/admin/api-keys (SECURITY.md).");
        out.println(line);
        out.flush();
    }
}
