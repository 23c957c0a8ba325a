package io.pipelineledger.command.config;

import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.UnaryOperator;

/**
 * A least-recently-used aggregate cache with a fixed number of entries. Axon's weak-reference cache loses its
 * entries at every young collection under ingestion load, and then every command reads its aggregate's events
 * back from the store; a strong, bounded cache keeps the working set of open deals in memory.
 *
 * <p>It also tolerates the null identifier of an aggregate whose creation was refused (a create-if-missing
 * handler that threw a checked rejection leaves an unidentified, empty aggregate behind).
 */
public class BoundedAggregateCache implements Cache {

    private final Map<Object, Object> entries;
    private final Set<EntryListener> listeners = new CopyOnWriteArraySet<>();

    public BoundedAggregateCache(int maxEntries) {
        this.entries = new LinkedHashMap<>(Math.min(maxEntries, 1 << 16), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Object> eldest) {
                boolean evict = size() > maxEntries;
                if (evict) {
                    listeners.forEach(l -> l.onEntryExpired(eldest.getKey()));
                }
                return evict;
            }
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <K, V> V get(K key) {
        return key == null ? null : (V) entries.get(key);
    }

    @Override
    public synchronized void put(Object key, Object value) {
        if (key != null) {
            entries.put(key, value);
        }
    }

    @Override
    public synchronized boolean putIfAbsent(Object key, Object value) {
        return key != null && entries.putIfAbsent(key, value) == null;
    }

    @Override
    public synchronized boolean remove(Object key) {
        boolean removed = key != null && entries.remove(key) != null;
        if (removed) {
            listeners.forEach(l -> l.onEntryRemoved(key));
        }
        return removed;
    }

    @Override
    public synchronized void removeAll() {
        entries.clear();
    }

    @Override
    public synchronized boolean containsKey(Object key) {
        return key != null && entries.containsKey(key);
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        if (key != null) {
            entries.computeIfPresent(key, (k, v) -> update.apply((V) v));
        }
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    public synchronized int size() {
        return entries.size();
    }
}
