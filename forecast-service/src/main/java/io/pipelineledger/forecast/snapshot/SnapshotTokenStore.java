package io.pipelineledger.forecast.snapshot;

import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventhandling.tokenstore.UnableToInitializeTokenException;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The positions of processors whose read model lives in memory (the forecast's). They are kept in memory on
 * purpose, next to that read model, and made durable with it: {@link ForecastSnapshots} writes them into the snapshot
 * and seeds them at the next start, so a restart reads only the tail — never "the same events again" unnoticed (a
 * redelivered event is skipped by sequence). A JDBC token store would be worse here: a token ahead of the in-memory
 * read model after a restart would lose the events between. Axon's {@code InMemoryTokenStore} behaves the same but
 * warns at every start that tokens are lost on restart, which is not so for these.
 * <p>
 * One process owns its read model, so claims are not needed (as in Axon's in-memory store). A token stored inside a
 * unit of work takes effect when it commits.
 */
public final class SnapshotTokenStore implements TokenStore {

    /** Stands for "no position yet" (a map cannot hold null). */
    private static final TrackingToken NONE = new GlobalSequenceTrackingToken(-1);

    private record Key(String processor, int segment) {
    }

    private final Map<Key, TrackingToken> tokens = new ConcurrentHashMap<>();
    private final String identifier = UUID.randomUUID().toString();

    @Override
    public void initializeTokenSegments(String processor, int segments) {
        initializeTokenSegments(processor, segments, null);
    }

    @Override
    public void initializeTokenSegments(String processor, int segments, TrackingToken initial) {
        if (fetchSegments(processor).length > 0) {
            throw new UnableToClaimTokenException("Could not initialize segments: some are already present");
        }
        for (int segment = 0; segment < segments; segment++) {
            tokens.put(new Key(processor, segment), initial == null ? NONE : initial);
        }
    }

    @Override
    public void storeToken(TrackingToken token, String processor, int segment) {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(uow -> put(token, processor, segment));
        } else {
            put(token, processor, segment);
        }
    }

    private void put(TrackingToken token, String processor, int segment) {
        tokens.put(new Key(processor, segment), token == null ? NONE : token);
    }

    @Override
    public TrackingToken fetchToken(String processor, int segment) {
        TrackingToken token = tokens.get(new Key(processor, segment));
        if (token == null) {
            throw new UnableToClaimTokenException("No token was initialized for segment " + segment
                    + " of processor " + processor);
        }
        return token == NONE ? null : token;
    }

    @Override
    public void releaseClaim(String processor, int segment) {
        // no claims: one process owns the read model
    }

    @Override
    public void deleteToken(String processor, int segment) {
        tokens.remove(new Key(processor, segment));
    }

    @Override
    public void initializeSegment(TrackingToken token, String processor, int segment) {
        if (tokens.putIfAbsent(new Key(processor, segment), token == null ? NONE : token) != null) {
            throw new UnableToInitializeTokenException("Token was already present");
        }
    }

    @Override
    public boolean requiresExplicitSegmentInitialization() {
        return true;
    }

    @Override
    public int[] fetchSegments(String processor) {
        return tokens.keySet().stream().filter(k -> k.processor().equals(processor)).mapToInt(Key::segment)
                .distinct().sorted().toArray();
    }

    @Override
    public Optional<String> retrieveStorageIdentifier() {
        return Optional.of(identifier);
    }
}
