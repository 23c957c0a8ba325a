package io.pipelineledger.query.api;

import io.pipelineledger.query.metrics.Owner;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/** How figures are grouped: per rep, team, region, or all together (group "all"). */
public enum GroupBy {
    REP(o -> o.rep() == null ? null : o.rep().value()),
    TEAM(o -> o.team() == null ? null : o.team().value()),
    REGION(o -> o.region() == null ? null : o.region().value()),
    ALL(o -> "all");

    private final Function<Owner, String> key;

    GroupBy(Function<Owner, String> key) {
        this.key = key;
    }

    /** The group an owner falls in; null when the owner has no such group (no team, say). */
    public String of(Owner owner) {
        return owner == null ? null : key.apply(owner);
    }

    public String parameter() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<GroupBy> parse(String text) {
        for (GroupBy g : values()) {
            if (g.parameter().equals(text)) {
                return Optional.of(g);
            }
        }
        return Optional.empty();
    }
}
