package io.pipelineledger.forecast.snapshot;

import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventhandling.tokenstore.UnableToInitializeTokenException;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The forecast's token store: Axon's token-store contract, a token stored in a unit of work counting at commit. */
class SnapshotTokenStoreTest {

    @Test
    void segmentsStartWhereSeededAndTokensTakeEffectWhenTheirUnitOfWorkCommits() {
        SnapshotTokenStore store = new SnapshotTokenStore();
        assertThat(store.fetchSegments("forecast")).isEmpty();
        assertThatThrownBy(() -> store.fetchToken("forecast", 0)).isInstanceOf(UnableToClaimTokenException.class);

        store.initializeTokenSegments("forecast", 1, new GlobalSequenceTrackingToken(41));
        assertThat(store.fetchSegments("forecast")).containsExactly(0);
        assertThat(store.fetchToken("forecast", 0)).isEqualTo(new GlobalSequenceTrackingToken(41));
        assertThatThrownBy(() -> store.initializeTokenSegments("forecast", 1))
                .isInstanceOf(UnableToClaimTokenException.class);

        UnitOfWork<?> work = DefaultUnitOfWork.startAndGet(null);
        store.storeToken(new GlobalSequenceTrackingToken(57), "forecast", 0);
        assertThat(store.fetchToken("forecast", 0)).as("before the commit").isEqualTo(new GlobalSequenceTrackingToken(41));
        work.commit();
        assertThat(store.fetchToken("forecast", 0)).as("after it").isEqualTo(new GlobalSequenceTrackingToken(57));

        store.initializeTokenSegments("forecast-submissions", 2);
        assertThat(store.fetchSegments("forecast-submissions")).containsExactly(0, 1);
        assertThat(store.fetchToken("forecast-submissions", 1)).as("no position yet").isNull();
        assertThatThrownBy(() -> store.initializeSegment(null, "forecast-submissions", 1))
                .isInstanceOf(UnableToInitializeTokenException.class);
        store.deleteToken("forecast-submissions", 1);
        assertThat(store.fetchSegments("forecast-submissions")).containsExactly(0);
        assertThat(store.requiresExplicitSegmentInitialization()).isTrue();
        assertThat(store.retrieveStorageIdentifier()).isPresent();
    }
}
