package io.pipelineledger.forecast.engine;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Candidates' answers at self-check origins, shared across self-checks: tomorrow's self-check (or the next
 * backtest origin's) asks mostly the same origins on the same facts, and a candidate's answer at an origin depends
 * only on the facts it read there, named by their {@link SelfCheck#factsKey fingerprint}. Thread-safe; bounded
 * (cleared when full: a cache, never a source of truth).
 */
public final class SelfCheckCache {

    /** A candidate's forecast of one period (grouping ALL) as of an origin. */
    record Answer(double closedWon, double expected) {
    }

    record Key(Instant origin, String period, String candidate, long settingsKey, long factsKey) {
    }

    private final int capacity;
    private final Map<Key, Answer> answers = new ConcurrentHashMap<>();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    public SelfCheckCache() {
        this(20_000);
    }

    public SelfCheckCache(int capacity) {
        this.capacity = capacity;
    }

    Answer get(Key key) {
        Answer a = answers.get(key);
        (a == null ? misses : hits).incrementAndGet();
        return a;
    }

    void put(Key key, Answer answer) {
        if (answers.size() >= capacity) {
            answers.clear();
        }
        answers.put(key, answer);
    }

    public long hits() {
        return hits.get();
    }

    public long misses() {
        return misses.get();
    }

    public int size() {
        return answers.size();
    }
}
