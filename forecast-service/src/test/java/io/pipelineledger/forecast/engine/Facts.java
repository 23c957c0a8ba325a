package io.pipelineledger.forecast.engine;

import io.pipelineledger.events.AmountRevisedEvent;
import io.pipelineledger.events.CloseDateRevisedEvent;
import io.pipelineledger.events.ForecastCategory;
import io.pipelineledger.events.ForecastCategorySetEvent;
import io.pipelineledger.events.Money;
import io.pipelineledger.events.OpportunityEvent;
import io.pipelineledger.events.OpportunityLostEvent;
import io.pipelineledger.events.OpportunityOpenedEvent;
import io.pipelineledger.events.OpportunityReopenedEvent;
import io.pipelineledger.events.OpportunityWonEvent;
import io.pipelineledger.events.OwnerReassignedEvent;
import io.pipelineledger.events.StageChangedEvent;
import io.pipelineledger.events.ids.OpportunityId;
import io.pipelineledger.events.ids.RegionId;
import io.pipelineledger.events.ids.RepId;
import io.pipelineledger.events.ids.StageId;
import io.pipelineledger.events.ids.TeamId;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Hand-written deal facts for the engine's small tests, in delivery order. Days are "2026-01-05" style dates. */
final class Facts {

    private final List<OpportunityEvent> events = new ArrayList<>();
    private int sequence;
    private String currency = "USD";

    static Instant at(String day) {
        return LocalDate.parse(day).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
    }

    Facts opened(String id, String day, String rep, String team, String stage, long amount, String closeDate) {
        events.add(new OpportunityOpenedEvent(next(), OpportunityId.of(id), at(day), RepId.of(rep), TeamId.of(team),
                RegionId.of("emea"), null, StageId.of(stage), money(amount),
                closeDate == null ? null : LocalDate.parse(closeDate), null, 1));
        return this;
    }

    /** The currency of the amounts in the facts that follow (USD until set). */
    Facts in(String currency) {
        this.currency = currency;
        return this;
    }

    Facts stage(String id, String day, String to) {
        events.add(new StageChangedEvent(next(), OpportunityId.of(id), at(day), null, StageId.of(to), null, List.of(),
                List.of()));
        return this;
    }

    Facts amount(String id, String day, long amount) {
        events.add(new AmountRevisedEvent(next(), OpportunityId.of(id), at(day), null, money(amount)));
        return this;
    }

    Facts closeDate(String id, String day, String closeDate) {
        events.add(new CloseDateRevisedEvent(next(), OpportunityId.of(id), at(day), null, LocalDate.parse(closeDate)));
        return this;
    }

    Facts owner(String id, String day, String rep, String team) {
        events.add(new OwnerReassignedEvent(next(), OpportunityId.of(id), at(day), null, RepId.of(rep),
                TeamId.of(team), RegionId.of("emea")));
        return this;
    }

    Facts category(String id, String day, ForecastCategory category) {
        events.add(new ForecastCategorySetEvent(next(), OpportunityId.of(id), at(day), category));
        return this;
    }

    Facts won(String id, String day, Long amount) {
        events.add(new OpportunityWonEvent(next(), OpportunityId.of(id), at(day), amount == null ? null : money(amount),
                null, StageId.of("account-management"), List.of(), List.of()));
        return this;
    }

    Facts lost(String id, String day) {
        events.add(new OpportunityLostEvent(next(), OpportunityId.of(id), at(day), null, null));
        return this;
    }

    Facts reopened(String id, String day, String stage) {
        events.add(new OpportunityReopenedEvent(next(), OpportunityId.of(id), at(day), StageId.of(stage), null, false));
        return this;
    }

    List<OpportunityEvent> events() {
        return List.copyOf(events);
    }

    DealHistories histories() {
        return DealHistories.of(events);
    }

    private String next() {
        return "e" + (++sequence);
    }

    private Money money(long amount) {
        return new Money(BigDecimal.valueOf(amount), currency);
    }
}
