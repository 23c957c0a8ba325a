package io.pipelineledger.forecast.snapshot;

import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;

/**
 * Where the forecast's two processors stand in the event store, kept in memory like the read model they feed
 * ({@link SnapshotTokenStore}, durable through the snapshot). A
 * restart seeds them with the positions the snapshot covers ({@link #startAt}), so the processors read only the tail.
 */
public final class ForecastTokens {

    private final SnapshotTokenStore forecast = new SnapshotTokenStore();
    private final SnapshotTokenStore submissions = new SnapshotTokenStore();

    public SnapshotTokenStore forecast() {
        return forecast;
    }

    public SnapshotTokenStore submissions() {
        return submissions;
    }

    /** Before the processors start: they begin after these positions (null: from the first event). */
    public void startAt(String forecastGroup, TrackingToken forecastToken, String submissionsGroup,
                        TrackingToken submissionsToken) {
        if (forecastToken != null) {
            forecast.initializeTokenSegments(forecastGroup, 1, forecastToken);
        }
        if (submissionsToken != null) {
            submissions.initializeTokenSegments(submissionsGroup, 1, submissionsToken);
        }
    }

    /** The position a processor's single segment has stored (null: not started, or not a token-tracked source). */
    public static TrackingToken position(SnapshotTokenStore store, String group) {
        try {
            int[] segments = store.fetchSegments(group);
            return segments.length == 1 ? store.fetchToken(group, segments[0]) : null;
        } catch (UnableToClaimTokenException e) {
            return null;
        }
    }
}
