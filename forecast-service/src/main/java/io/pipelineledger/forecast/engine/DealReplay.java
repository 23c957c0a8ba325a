package io.pipelineledger.forecast.engine;

import io.pipelineledger.events.ForecastCategory;

import java.time.LocalDate;

/**
 * Replays one deal's facts up to an instant: the deal's state then, and (to a {@link Sink}) the stage visits,
 * openings, wins and ownerships the model learns from. One pass, no allocation beyond the state.
 *
 * <p>Reopening: a loss (or win) is an absorption and is counted as such; a reopened deal starts a fresh visit in
 * the stage it was reopened into, as if newly entered. The chain has no transition out of WON or LOST.
 */
final class DealReplay {

    static final int WON = -1;
    static final int LOST = -2;
    static final int CENSORED = -3;

    /** What a replay reports besides the final state. */
    interface Sink {
        /**
         * A stay in an open stage from {@code entered} to {@code end}, left for {@code exit} (a stage position,
         * {@link #WON}, {@link #LOST}) or {@link #CENSORED} (still there at the cut), by {@code owner}.
         */
        default void visit(int stage, long entered, long end, int exit, int owner) {
        }

        default void opened(int stage, long at, int owner) {
        }

        /**
         * A win at {@code wonAmount}; {@code amountBefore} is the deal's amount just before it; both in the currency
         * of code {@code currency} ({@link DealHistories#currency(int)}).
         */
        default void won(long at, int owner, double wonAmount, double amountBefore, int currency) {
        }

        /** The owner named on an opening or reassignment. */
        default void owned(long at, int owner) {
        }
    }

    static final Sink NO_SINK = new Sink() {
    };

    private DealReplay() {
    }

    /** The deal as of the cut (facts strictly before it), or null if it was not opened before the cut. */
    static DealState replay(DealHistory deal, long cut, DealHistories deals, StageMap stages, Sink sink) {
        int n = deal.countBefore(cut);
        DealStatus status = null;
        int stageCode = -1;
        int stage = 0;
        long entered = 0;
        long opened = 0;
        double amount = 0;
        int owner = -1;
        int category = -1;
        long closeDay = DealFact.NO_DAY;
        long wonAt = 0;
        double wonAmount = 0;
        int closedBy = -1;
        for (int i = 0; i < n; i++) {
            FactKind kind = deal.kind(i);
            long at = deal.at(i);
            if (status == null && kind != FactKind.OPENED) {
                continue; // nothing counts before the opening
            }
            switch (kind) {
                case OPENED -> {
                    if (status != null) {
                        continue; // a second opening is not a fact the ledger records; ignore it
                    }
                    status = DealStatus.OPEN;
                    stageCode = deal.stage(i);
                    stage = stages.position(stageCode);
                    entered = at;
                    opened = at;
                    amount = deal.amount(i);
                    owner = deal.owner(i);
                    closeDay = deal.day(i);
                    sink.opened(stage, at, owner);
                    sink.owned(at, owner);
                }
                case STAGE -> {
                    if (status != DealStatus.OPEN) {
                        continue;
                    }
                    int to = stages.position(deal.stage(i));
                    stageCode = deal.stage(i);
                    if (to != stage) {
                        sink.visit(stage, entered, at, to, owner);
                        stage = to;
                        entered = at;
                    }
                }
                case AMOUNT -> amount = deal.amount(i);
                case CLOSE_DATE -> closeDay = deal.day(i);
                case OWNER -> {
                    owner = deal.owner(i);
                    sink.owned(at, owner);
                }
                case CATEGORY -> category = deal.stage(i);
                case WON -> {
                    if (status != DealStatus.OPEN) {
                        continue;
                    }
                    sink.visit(stage, entered, at, WON, owner);
                    double value = Double.isNaN(deal.amount(i)) ? amount : deal.amount(i);
                    sink.won(at, owner, value, amount, deal.currency());
                    status = DealStatus.WON;
                    wonAt = at;
                    wonAmount = value;
                    closedBy = owner;
                }
                case LOST -> {
                    if (status != DealStatus.OPEN) {
                        continue;
                    }
                    sink.visit(stage, entered, at, LOST, owner);
                    status = DealStatus.LOST;
                    closedBy = owner;
                }
                case REOPENED -> {
                    if (status == DealStatus.OPEN) {
                        continue;
                    }
                    status = DealStatus.OPEN;
                    stageCode = deal.stage(i);
                    stage = stages.position(stageCode);
                    entered = at;
                    closedBy = -1;
                }
            }
        }
        if (status == null) {
            return null;
        }
        if (status == DealStatus.OPEN) {
            sink.visit(stage, entered, cut, CENSORED, owner);
        }
        return new DealState(deal.opportunityId(), status,
                stageCode >= 0 ? deals.stageId(stageCode) : stages.stageId(stage).value(), stage,
                DealHistory.instant(entered), amount, deals.owner(owner),
                category < 0 ? null : ForecastCategory.values()[category],
                closeDay == DealFact.NO_DAY ? null : LocalDate.ofEpochDay(closeDay), DealHistory.instant(opened),
                status == DealStatus.WON ? DealHistory.instant(wonAt) : null,
                status == DealStatus.WON ? wonAmount : 0, closedBy < 0 ? null : deals.owner(closedBy),
                deals.currency(deal.currency()));
    }
}
