package io.pipelineledger.command.ingest;

import io.pipelineledger.command.api.OpportunityCommand;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One request's facts for one writer, taken into transactions a slice at a time: a large request gives up the writer
 * after each slice, so requests queued behind it are written in between (round robin), not after all of it. A slice
 * holds whole opportunities (all of a deal's facts in the request, so they are still ordered by business time
 * together). Identity semantics: one per request and writer.
 */
final class Submission {

    /** A fact with its place in the submission. */
    record Pending(Submission submission, int position, OpportunityCommand command, String fingerprint) {

        void answer(Outcome outcome) {
            submission.outcomes[position] = outcome;
        }
    }

    private final List<OpportunityCommand> commands;
    private final List<String> fingerprints;
    private final CompletableFuture<List<Outcome>> done;
    private final Outcome[] outcomes;
    /** Positions of the facts, opportunity by opportunity in the order they first appear. */
    private final List<int[]> opportunities;
    private int next;
    private int remaining;

    Submission(List<OpportunityCommand> commands, List<String> fingerprints, CompletableFuture<List<Outcome>> done) {
        this.commands = commands;
        this.fingerprints = fingerprints;
        this.done = done;
        this.outcomes = new Outcome[commands.size()];
        this.remaining = commands.size();
        Map<String, List<Integer>> byOpportunity = new LinkedHashMap<>();
        for (int i = 0; i < commands.size(); i++) {
            byOpportunity.computeIfAbsent(commands.get(i).opportunityId().value(), k -> new ArrayList<>()).add(i);
        }
        this.opportunities = new ArrayList<>(byOpportunity.size());
        byOpportunity.values().forEach(positions -> opportunities.add(
                positions.stream().mapToInt(Integer::intValue).toArray()));
    }

    /** Whether all of its facts not yet taken fit in {@code room}. */
    boolean fitsIn(int room) {
        return remaining <= room;
    }

    boolean exhausted() {
        return next >= opportunities.size();
    }

    /**
     * Adds the next whole opportunities that fit in {@code room} to {@code slice}; when {@code atLeastOne}, the next
     * opportunity is taken even if it alone is larger. Returns how many facts were added.
     */
    int takeInto(List<Pending> slice, int room, boolean atLeastOne) {
        int taken = 0;
        while (next < opportunities.size()) {
            int[] positions = opportunities.get(next);
            if (taken + positions.length > room && !(atLeastOne && taken == 0)) {
                break;
            }
            for (int position : positions) {
                slice.add(new Pending(this, position, commands.get(position), fingerprints.get(position)));
            }
            taken += positions.length;
            remaining -= positions.length;
            next++;
        }
        return taken;
    }

    /** Answers the request part once every fact has its outcome. */
    void complete() {
        done.complete(List.of(outcomes));
    }

    void fail(RuntimeException failure) {
        done.completeExceptionally(failure);
    }

    boolean answered() {
        return done.isDone();
    }
}
