package io.pipelineledger.query.metrics;

import io.pipelineledger.events.ids.StageId;

/**
 * Conversion figures of one stage for one group. Rates and days are null when there is nothing to divide:
 * {@code conversionRate} = advanced ÷ visits that have left the stage; {@code winRate} = won ÷ (won + lost) over
 * visits whose deal has closed; days in stage over visits that have left it.
 */
public record StageStats(StageId stage, long entered, long advanced, long won, long lost, long open,
                         Double conversionRate, Double winRate, Double medianDaysInStage, Double p90DaysInStage) {
}
