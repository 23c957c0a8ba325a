package io.pipelineledger.forecast.engine;

/**
 * The level a forecast is broken down by. An open deal belongs to the group of its owner as of the forecast's
 * as-of instant; a won deal to the group of the owner who held it when it was won; a rep's future deals to the rep's
 * latest team and region.
 */
public enum Grouping {
    REP, TEAM, REGION, ALL;

    /** The only group key of {@link #ALL}. */
    public static final String ALL_KEY = "all";
}
