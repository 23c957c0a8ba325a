package io.pipelineledger.forecast.engine;

/**
 * Who owns a deal: the rep and the rep's team and region as the CRM named them on the owning fact (opening or
 * reassignment). Team or region may be {@value #NONE} when the CRM gave none.
 */
public record Owner(String repId, String teamId, String regionId) {

    public static final String NONE = "(none)";

    public Owner {
        teamId = teamId == null ? NONE : teamId;
        regionId = regionId == null ? NONE : regionId;
    }

    /** The key of this owner's group at the given level. */
    public String group(Grouping grouping) {
        return switch (grouping) {
            case REP -> repId;
            case TEAM -> teamId;
            case REGION -> regionId;
            case ALL -> Grouping.ALL_KEY;
        };
    }
}
