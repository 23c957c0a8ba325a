package io.pipelineledger.query.projection;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Worker threads for a rebuild: stored events are handed over in small batches, a deal's always to the same worker
 * (by its aggregate id), so its facts stay in order while payloads are decoded and applied in parallel. Closing
 * waits for every event to be handled and rethrows the first failure.
 */
final class RebuildWorkers implements AutoCloseable {

    static final int WORKERS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    private static final int BATCH = 512;
    private static final List<StoredEvent> END = List.of();

    private final Consumer<StoredEvent> handler;
    private final List<BlockingQueue<List<StoredEvent>>> queues = new ArrayList<>();
    private final List<List<StoredEvent>> pending = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    RebuildWorkers(Consumer<StoredEvent> handler) {
        this.handler = handler;
        for (int i = 0; i < WORKERS; i++) {
            BlockingQueue<List<StoredEvent>> queue = new ArrayBlockingQueue<>(64);
            queues.add(queue);
            pending.add(new ArrayList<>(BATCH));
            Thread thread = new Thread(() -> work(queue), "projection-rebuild-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    void submit(StoredEvent message) {
        int worker = Math.floorMod(message.aggregateId().hashCode(), WORKERS);
        List<StoredEvent> batch = pending.get(worker);
        batch.add(message);
        if (batch.size() == BATCH) {
            put(worker, batch);
            pending.set(worker, new ArrayList<>(BATCH));
        }
    }

    private void work(BlockingQueue<List<StoredEvent>> queue) {
        try {
            for (List<StoredEvent> batch = queue.take(); batch != END; batch = queue.take()) {
                if (failure.get() == null) {
                    try {
                        batch.forEach(handler);
                    } catch (Throwable e) { // an Error too: a dead worker would leave the reader blocked on its queue
                        failure.compareAndSet(null, e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void put(int worker, List<StoredEvent> batch) {
        try {
            queues.get(worker).put(batch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("rebuild interrupted", e);
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < WORKERS; i++) {
            if (!pending.get(i).isEmpty()) {
                put(i, pending.get(i));
            }
            put(i, END);
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("rebuild interrupted", e);
            }
        }
        Throwable failed = failure.get();
        if (failed instanceof RuntimeException e) {
            throw e;
        } else if (failed instanceof Error e) {
            throw e;
        } else if (failed != null) {
            throw new IllegalStateException("rebuild failed", failed);
        }
    }
}
