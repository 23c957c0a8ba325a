package io.pipelineledger.events.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The API keys a service accepts: those configured inline (hashed, e.g. from a Kubernetes Secret) and those in a
 * keys file, which is re-read when it changes, so keys are added and revoked without a restart. Only SHA-256 hashes
 * are kept: a key is 256 random bits, so a fast hash is enough (a slow one would only slow every request).
 */
public final class ApiKeys {

    /** A newly created key: the only moment its secret exists outside the client. */
    public record Issued(ApiKey key, String secret) {
    }

    private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);
    private static final String PREFIX = "pl_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    private final Map<String, ApiKey> configured;
    private final Duration reloadInterval;
    private final Clock clock;
    private volatile Map<String, ApiKey> fromFile = Map.of();
    private volatile FileTime loadedModified;
    private volatile long loadedSize = -1;
    private volatile Instant checkedAt = Instant.MIN;

    /** {@code file} may be null (inline keys only); {@code configured} are keys-file lines. */
    public ApiKeys(Path file, List<String> configured, Duration reloadInterval, Clock clock) {
        this.file = file;
        this.reloadInterval = reloadInterval;
        this.clock = clock;
        Map<String, ApiKey> keys = new LinkedHashMap<>();
        for (int i = 0; i < configured.size(); i++) {
            if (configured.get(i).isBlank()) {
                continue;
            }
            try {
                ApiKey key = ApiKey.parse(configured.get(i));
                keys.put(key.id(), key);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("ledger.security.keys[" + i + "]: " + e.getMessage(), e);
            }
        }
        this.configured = Map.copyOf(keys);
        reloadIfChanged(true);
    }

    /** The key a caller presented, when it is one of ours (compared by hash in constant time). */
    public Optional<ApiKey> authenticate(String presented) {
        String id = idOf(presented);
        if (id == null) {
            return Optional.empty();
        }
        reloadIfChanged(false);
        ApiKey key = find(id);
        if (key == null) {
            return Optional.empty();
        }
        byte[] expected = HexFormat.of().parseHex(key.sha256());
        return MessageDigest.isEqual(expected, sha256(presented)) ? Optional.of(key) : Optional.empty();
    }

    public List<ApiKey> list() {
        reloadIfChanged(true);
        List<ApiKey> all = new ArrayList<>(configured.values());
        fromFile.values().stream().filter(k -> !configured.containsKey(k.id())).forEach(all::add);
        return all;
    }

    public boolean isEmpty() {
        return list().isEmpty();
    }

    public boolean isConfigured(String id) {
        return configured.containsKey(id);
    }

    /** A new key with the given scopes, written to the keys file. */
    public synchronized Issued create(String name, Set<Scope> scopes) {
        requireFile();
        reloadIfChanged(true);
        String id;
        do {
            id = randomId();
        } while (find(id) != null);
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String key = PREFIX + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        ApiKey stored = new ApiKey(id, hash(key), scopes, clock.instant().truncatedTo(ChronoUnit.SECONDS), name);
        Map<String, ApiKey> keys = new LinkedHashMap<>(fromFile);
        keys.put(id, stored);
        write(keys);
        return new Issued(stored, key);
    }

    /** Removes a key from the keys file; false when it is not there. */
    public synchronized boolean revoke(String id) {
        requireFile();
        reloadIfChanged(true);
        if (!fromFile.containsKey(id)) {
            return false;
        }
        Map<String, ApiKey> keys = new LinkedHashMap<>(fromFile);
        keys.remove(id);
        write(keys);
        return true;
    }

    /** The SHA-256 of a key, as a keys file holds it (for operators writing keys files by hand). */
    public static String hash(String key) {
        return HexFormat.of().formatHex(sha256(key));
    }

    /** The id inside a key ({@code pl_<id>_<secret>}), or null when it is not shaped like one of ours. */
    static String idOf(String presented) {
        if (presented == null || !presented.startsWith(PREFIX) || presented.length() > 200) {
            return null;
        }
        int end = presented.indexOf('_', PREFIX.length());
        return end <= PREFIX.length() ? null : presented.substring(PREFIX.length(), end);
    }

    /** Whether a bearer token is shaped like one of our keys (rather than a JWT). */
    public static boolean looksLikeKey(String token) {
        return idOf(token) != null;
    }

    private ApiKey find(String id) {
        ApiKey key = configured.get(id);
        return key != null ? key : fromFile.get(id);
    }

    private void requireFile() {
        if (file == null) {
            throw new IllegalStateException("no keys file is configured (ledger.security.keys-file)");
        }
    }

    private void reloadIfChanged(boolean now) {
        if (file == null) {
            return;
        }
        Instant at = clock.instant();
        if (!now && at.isBefore(checkedAt.plus(reloadInterval))) {
            return;
        }
        synchronized (this) {
            checkedAt = at;
            try {
                FileTime modified = Files.getLastModifiedTime(file);
                long size = Files.size(file);
                if (modified.equals(loadedModified) && size == loadedSize) {
                    return;
                }
                fromFile = read(Files.readAllLines(file, StandardCharsets.UTF_8));
                loadedModified = modified;
                loadedSize = size;
            } catch (NoSuchFileException e) {
                fromFile = Map.of();
                loadedModified = null;
                loadedSize = -1;
            } catch (IOException e) {
                // keep the keys we had: a file being replaced must not lock everyone out
                log.warn("Could not read the keys file {}: {}", file, e.toString());
            }
        }
    }

    private Map<String, ApiKey> read(List<String> lines) {
        Map<String, ApiKey> keys = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                ApiKey key = ApiKey.parse(line);
                keys.put(key.id(), key);
            } catch (IllegalArgumentException e) {
                // one bad line must not lock every client out; it is skipped and named (never printed: it may
                // hold a pasted secret)
                log.warn("Keys file {} line {} skipped: {}", file, i + 1, e.getMessage());
            }
        }
        return Map.copyOf(keys);
    }

    private void write(Map<String, ApiKey> keys) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, ".api-keys", ".tmp");
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's permissions apply
            }
            List<String> lines = new ArrayList<>();
            lines.add("# Pipeline Ledger API keys: id sha256 scopes created name (SECURITY.md). Hashes only.");
            keys.values().forEach(k -> lines.add(k.line()));
            Files.write(temp, lines, StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            fromFile = Map.copyOf(keys);
            loadedModified = Files.getLastModifiedTime(file);
            loadedSize = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the keys file " + file, e);
        }
    }

    private static String randomId() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder id = new StringBuilder(8);
        for (int i = 0; i < 8; i++) {
            id.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
