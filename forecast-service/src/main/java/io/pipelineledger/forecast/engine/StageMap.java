package io.pipelineledger.forecast.engine;

import io.pipelineledger.events.ids.StageId;
import io.pipelineledger.events.process.SalesProcess;
import io.pipelineledger.events.process.StageDefinition;

import java.util.List;

/**
 * The sales process's open stages (those before the win) as positions 0..K-1, the state space of the learned
 * chain, and the ledger's interned stage codes mapped onto them. A stage the process does not have (deals opened
 * under an older process version) maps to position 0, the first stage.
 */
final class StageMap {

    private final List<StageDefinition> openStages;
    private final int[] positionOfCode;

    StageMap(SalesProcess process, DealHistories deals) {
        this.openStages = process.stages().stream().filter(s -> !s.afterWin()).toList();
        if (openStages.isEmpty()) {
            throw new IllegalArgumentException("the sales process has no open stage");
        }
        positionOfCode = new int[deals.stageCount()];
        for (int code = 0; code < positionOfCode.length; code++) {
            positionOfCode[code] = position(deals.stageId(code));
        }
    }

    int size() {
        return openStages.size();
    }

    int position(int stageCode) {
        return stageCode < 0 || stageCode >= positionOfCode.length ? 0 : positionOfCode[stageCode];
    }

    int position(String stageId) {
        for (int i = 0; i < openStages.size(); i++) {
            if (openStages.get(i).id().value().equals(stageId)) {
                return i;
            }
        }
        return 0;
    }

    StageId stageId(int position) {
        return openStages.get(position).id();
    }

    /** The process's fixed stage weight (the baseline's probability), clamped to [0, 1]. */
    double baselineProbability(int position) {
        return Math.max(0, Math.min(1, openStages.get(position).probability()));
    }
}
