package io.pipelineledger.events;

import org.axonframework.serialization.Revision;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A forecast was submitted to finance: the ledger's numbers for one group and period as of an instant (with what
 * they were computed from), and — when a manager overrides them — the number they commit to instead, with who and
 * why. Immutable like every fact: a changed mind is a new submission. {@code eventId} is the ledger's own
 * ({@code submission:<submissionId>}); {@code occurredAt} is when it was submitted.
 *
 * @param submittedBy whom the submission is for, as the client said (its on-behalf-of name; not checked)
 * @param override the manager's number, null when the ledger's forecast is submitted as it is
 * @param eventsUpTo business time of the latest fact the forecast read (provenance)
 * @param actor who submitted it, as authenticated (key or token subject); absent in submissions recorded before
 *              the ledger kept it (an optional field added within revision 1)
 * @param currency the currency of every figure in it; absent in submissions recorded before the ledger converted
 *                 currencies (then the figures were the deals' amounts added as given)
 */
@Revision("1")
public record ForecastSubmittedEvent(String eventId, String submissionId, Instant occurredAt, String period,
                                     String groupBy, String group, String method, Instant asOf,
                                     String submittedBy, String reason, BigDecimal override,
                                     BigDecimal closedWon, BigDecimal expected, BigDecimal p10, BigDecimal p50,
                                     BigDecimal p90, BigDecimal commit, BigDecimal bestCase, BigDecimal pipeline,
                                     String modelVersion, Instant eventsUpTo, Actor actor,
                                     String currency) implements LedgerEvent {
}
