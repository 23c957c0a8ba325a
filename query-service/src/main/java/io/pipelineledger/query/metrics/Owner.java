package io.pipelineledger.query.metrics;

import io.pipelineledger.events.ids.RegionId;
import io.pipelineledger.events.ids.RepId;
import io.pipelineledger.events.ids.TeamId;

/** Who owned a deal: the rep and the team and region the CRM placed them in (either may be null). */
public record Owner(RepId rep, TeamId team, RegionId region) {
}
