package io.pipelineledger.query.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Identifiers interned to small ints so a million deals' facts and visits fit in packed arrays: each distinct
 * value gets the next code, and the typed id made once per code is shared by every decoded fact. Not thread-safe:
 * the ledger guards it.
 */
final class Symbols<T> {

    private final Map<T, Integer> codes = new HashMap<>();
    private final List<T> values = new ArrayList<>();
    private final int limit;

    /** {@code bits}: how many bits a code may use in the packed form. */
    Symbols(int bits) {
        this.limit = 1 << bits;
    }

    /** The code of a value (null has code 0). */
    int code(T value) {
        if (value == null) {
            return 0;
        }
        Integer code = codes.get(value);
        if (code == null) {
            if (values.size() + 1 >= limit) {
                throw new IllegalStateException("more than " + (limit - 2) + " distinct values");
            }
            values.add(value);
            code = values.size();
            codes.put(value, code);
        }
        return code;
    }

    T value(int code) {
        return code == 0 ? null : values.get(code - 1);
    }

    int size() {
        return values.size();
    }

    /** Every value mapped through {@code f}, indexed by code (index 0: null). */
    <R> List<R> mapped(Function<T, R> f) {
        List<R> mapped = new ArrayList<>(values.size() + 1);
        mapped.add(null);
        values.forEach(v -> mapped.add(f.apply(v)));
        return mapped;
    }
}
