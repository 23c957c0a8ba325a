package io.pipelineledger.forecast.engine.trouble;

import io.pipelineledger.events.CloseDateRevisedEvent;
import io.pipelineledger.events.Money;
import io.pipelineledger.events.OpportunityLostEvent;
import io.pipelineledger.events.OpportunityOpenedEvent;
import io.pipelineledger.events.OpportunityWonEvent;
import io.pipelineledger.events.StageChangedEvent;
import io.pipelineledger.events.ids.OpportunityId;
import io.pipelineledger.events.ids.RegionId;
import io.pipelineledger.events.ids.RepId;
import io.pipelineledger.events.ids.StageId;
import io.pipelineledger.events.ids.TeamId;
import io.pipelineledger.events.process.SalesProcess;
import io.pipelineledger.events.process.StageDefinition;
import io.pipelineledger.forecast.engine.DealHistories;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/** Simulated deals as the ledger's opportunity events, straight into engine deal histories (no HTTP, no store). */
final class SimulatedLedger {

    private SimulatedLedger() {
    }

    static DealHistories histories(List<SimulatedDeal> deals, SalesProcess process, int teams) {
        List<StageId> open = process.stages().stream().filter(s -> !s.afterWin()).map(StageDefinition::id).toList();
        StageId wonStage = process.wonStage().map(StageDefinition::id).orElseThrow();
        DealHistories.Builder builder = DealHistories.builder();
        int sequence = 0;
        for (SimulatedDeal deal : deals) {
            OpportunityId id = OpportunityId.of(deal.id());
            Money amount = new Money(BigDecimal.valueOf(deal.amount()).setScale(2, RoundingMode.HALF_UP), "USD");
            int current = 0;
            for (SimulatedDeal.Step s : deal.steps()) {
                String eventId = "e" + (++sequence);
                switch (s.kind()) {
                    case OPENED -> builder.add(new OpportunityOpenedEvent(eventId, id, s.at(),
                            RepId.of(String.format("rep-%02d", deal.rep())),
                            TeamId.of("team-" + (deal.rep() % teams + 1)), RegionId.of("emea"), null,
                            open.get(s.stage()), amount, s.closeDate(), null, 1));
                    case STAGE -> builder.add(new StageChangedEvent(eventId, id, s.at(), open.get(current),
                            open.get(s.stage()), null, List.of(), List.of()));
                    case CLOSE_DATE -> builder.add(new CloseDateRevisedEvent(eventId, id, s.at(), null,
                            s.closeDate()));
                    case WON -> builder.add(new OpportunityWonEvent(eventId, id, s.at(), amount, open.get(current),
                            wonStage, List.of(), List.of()));
                    case LOST -> builder.add(new OpportunityLostEvent(eventId, id, s.at(), null, open.get(current)));
                }
                if (s.kind() == SimulatedDeal.Kind.OPENED || s.kind() == SimulatedDeal.Kind.STAGE) {
                    current = s.stage();
                }
            }
        }
        return builder.build();
    }
}
