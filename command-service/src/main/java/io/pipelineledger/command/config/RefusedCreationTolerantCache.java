package io.pipelineledger.command.config;

import org.axonframework.common.caching.WeakReferenceCache;

/**
 * Axon's weak-reference aggregate cache, tolerating the null identifier of an aggregate whose creation was
 * refused (a create-if-missing handler that threw a checked rejection leaves an unidentified, empty aggregate).
 */
public class RefusedCreationTolerantCache extends WeakReferenceCache {

    @Override
    public void put(Object key, Object value) {
        if (key != null) {
            super.put(key, value);
        }
    }

    @Override
    public boolean remove(Object key) {
        return key != null && super.remove(key);
    }
}
