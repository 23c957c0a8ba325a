package io.pipelineledger.forecast.engine;

import io.pipelineledger.events.ForecastCategory;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A deal as it stood at an instant, from the facts that occurred strictly before it.
 *
 * @param stageId          the current stage (the stage it was in when closed, for a closed deal)
 * @param stagePosition    position of the stage among the sales process's open stages; a stage the process does not
 *                         have (an older process version) reads as the first stage
 * @param stageEnteredAt   when the deal entered its current stage (or was reopened into it)
 * @param amount           the current amount (the latest opening or revision)
 * @param owner            the current owner
 * @param crmCategory      the forecast category the CRM set last, or null if it never set one
 * @param expectedCloseDate the latest expected close date, or null if the CRM never gave one
 * @param wonAt            when it was won, if {@link DealStatus#WON}
 * @param wonAmount        the final amount of the win (the event's amount, else the amount then), if won
 * @param closedBy         the owner when it was won or lost, if closed
 * @param currency         the currency of {@code amount} and {@code wonAmount}; null when the deal never named one
 */
public record DealState(String opportunityId, DealStatus status, String stageId, int stagePosition,
                        Instant stageEnteredAt, double amount, Owner owner, ForecastCategory crmCategory,
                        LocalDate expectedCloseDate, Instant openedAt, Instant wonAt, double wonAmount,
                        Owner closedBy, String currency) {

    public boolean open() {
        return status == DealStatus.OPEN;
    }

    public boolean won() {
        return status == DealStatus.WON;
    }

    /** The same deal under another id (for building large test pipelines). */
    public DealState renamed(String newOpportunityId) {
        return new DealState(newOpportunityId, status, stageId, stagePosition, stageEnteredAt, amount, owner,
                crmCategory, expectedCloseDate, openedAt, wonAt, wonAmount, closedBy, currency);
    }
}
