package io.pipelineledger.probe;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Handlers that answer every method and count each call, so a test can see whether a refused request reached a
 * handler at all. Outside the app's scanned packages: only a test that names it as a source gets it.
 */
@RestController
public class HandlerProbe {

    /** A path the GET rule of /api/v1/forecast/** covers (forecast:read). */
    public static final String RULED = "/api/v1/forecast/probe";
    /** A path no rule covers. */
    public static final String UNRULED = "/api/v1/unruled/probe";

    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    @RequestMapping(RULED)
    public String ruled(ServerHttpRequest request) {
        return count(RULED, request);
    }

    @RequestMapping(UNRULED)
    public String unruled(ServerHttpRequest request) {
        return count(UNRULED, request);
    }

    /** How often the handler of the path ran for the method (HEAD runs as GET in WebFlux: both count as such). */
    public int calls(String path, String method) {
        AtomicInteger count = calls.get(path + " " + method);
        return count == null ? 0 : count.get();
    }

    public int calls(String path) {
        return calls.entrySet().stream().filter(e -> e.getKey().startsWith(path + " "))
                .mapToInt(e -> e.getValue().get()).sum();
    }

    private String count(String path, ServerHttpRequest request) {
        calls.computeIfAbsent(path + " " + request.getMethod().name(), key -> new AtomicInteger()).incrementAndGet();
        return "probe data";
    }
}
