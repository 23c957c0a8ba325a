package io.pipelineledger.events.process;

import io.pipelineledger.events.EvidenceKind;
import io.pipelineledger.events.ids.MilestoneId;
import io.pipelineledger.events.ids.StageId;

import java.util.List;

import static io.pipelineledger.events.EvidenceKind.BUYER_ACTION;
import static io.pipelineledger.events.EvidenceKind.DOCUMENT;
import static io.pipelineledger.events.EvidenceKind.SYSTEM_RECORD;

/**
 * The seven-stage process every ledger starts with. Each exit criterion is something the buyer did that a
 * manager can inspect in the CRM, not a feeling of the rep's; the few that are not buyer actions are optional.
 * Probabilities are the classic fixed stage weights, kept only as the baseline to beat.
 */
public final class DefaultSalesProcess {

    private DefaultSalesProcess() {
    }

    public static SalesProcess get() {
        return new SalesProcess(List.of(
                stage("prospecting", "Prospecting", 0.05,
                        required("first-meeting-accepted",
                                "Buyer accepted an invitation to a first conversation", BUYER_ACTION, "sales"),
                        optional("icp-fit-checked",
                                "Account checked against the ideal customer profile (industry, size, region)",
                                EvidenceKind.SELLER_ASSERTION, "sales")),
                stage("qualification", "Qualification", 0.10,
                        required("pain-confirmed",
                                "Buyer described the business problem and what it costs them, recorded in the call notes",
                                BUYER_ACTION, "sales"),
                        required("budget-confirmed",
                                "Buyer confirmed budget in writing", DOCUMENT, "sales"),
                        required("decision-process-identified",
                                "Buyer named the economic decision maker and how the decision will be made",
                                BUYER_ACTION, "sales")),
                stage("development", "Development", 0.25,
                        required("discovery-completed",
                                "Buyer's problem owners joined an in-depth discovery session", BUYER_ACTION, "sales"),
                        required("mutual-plan-agreed",
                                "Buyer agreed a mutual action plan with dated steps up to a decision",
                                DOCUMENT, "sales"),
                        optional("technical-fit-validated",
                                "Buyer's technical team confirmed the solution fits their environment",
                                BUYER_ACTION, "presales")),
                stage("presentation", "Presentation", 0.40,
                        required("decision-maker-attended-presentation",
                                "The economic decision maker attended the solution presentation or demo",
                                BUYER_ACTION, "sales"),
                        required("success-criteria-confirmed",
                                "Buyer confirmed in writing the success criteria the solution must meet",
                                DOCUMENT, "presales")),
                stage("discussion", "Discussion", 0.60,
                        required("proposal-reviewed",
                                "Buyer reviewed the commercial proposal and returned questions or redlines",
                                DOCUMENT, "sales"),
                        required("objections-resolved",
                                "Buyer confirmed that open technical, security and legal objections are resolved",
                                BUYER_ACTION, "sales"),
                        optional("procurement-engaged",
                                "Buyer's procurement or legal team opened the vendor or contract review",
                                SYSTEM_RECORD, "legal"),
                        required("vendor-selected",
                                "Buyer notified us that we are the selected vendor", DOCUMENT, "sales")),
                stage("closing", "Closing", 0.80,
                        required("terms-agreed",
                                "Buyer agreed final price, terms and start date", DOCUMENT, "sales"),
                        required("contract-signed",
                                "Buyer signed the contract or issued a purchase order", DOCUMENT, "sales")),
                new StageDefinition(StageId.of("account-management"), "Account Management", 1.0, true, List.of(
                        required("kickoff-held",
                                "Customer attended the delivery kickoff", BUYER_ACTION, "services"),
                        required("first-invoice-paid",
                                "Customer paid the first invoice", SYSTEM_RECORD, "finance")))),
                Enforcement.RECORD);
    }

    private static StageDefinition stage(String id, String name, double probability, ExitCriterion... criteria) {
        return new StageDefinition(StageId.of(id), name, probability, false, List.of(criteria));
    }

    private static ExitCriterion required(String id, String description, EvidenceKind evidence, String role) {
        return new ExitCriterion(MilestoneId.of(id), description, true, evidence, role);
    }

    private static ExitCriterion optional(String id, String description, EvidenceKind evidence, String role) {
        return new ExitCriterion(MilestoneId.of(id), description, false, evidence, role);
    }
}
