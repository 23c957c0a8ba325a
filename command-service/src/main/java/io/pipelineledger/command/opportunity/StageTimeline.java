package io.pipelineledger.command.opportunity;

import io.pipelineledger.events.ids.StageId;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The stages an opportunity was in, ordered by business time, so that a backfilled fact is judged against the
 * stage the deal was in when it happened rather than the stage it is in now.
 */
final class StageTimeline {

    private record Entry(Instant at, StageId stage) {
    }

    private final List<Entry> entries = new ArrayList<>();

    /** Inserts after every entry at or before {@code at}: equal times keep their arrival order. */
    void enter(Instant at, StageId stage) {
        int position = entries.size();
        while (position > 0 && entries.get(position - 1).at().isAfter(at)) {
            position--;
        }
        entries.add(position, new Entry(at, stage));
    }

    StageId stageAt(Instant at) {
        StageId stage = entries.get(0).stage();
        for (Entry entry : entries) {
            if (entry.at().isAfter(at)) {
                break;
            }
            stage = entry.stage();
        }
        return stage;
    }

    StageId current() {
        return entries.get(entries.size() - 1).stage();
    }
}
