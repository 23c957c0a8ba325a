package io.pipelineledger.forecast.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TransitionModelTest {

    @Test
    void absorptionProbabilitiesOfATinyChainMatchTheHandSolution() {
        // A -> B 0.5, A -> LOST 0.5; B -> A 0.2, B -> WON 0.6, B -> LOST 0.2 (columns: A, B, WON, LOST)
        // x_A = 0.5 x_B; x_B = 0.2 x_A + 0.6  =>  x_B = 0.6 / 0.9 = 2/3, x_A = 1/3
        double[][] rows = {{0, 0.5, 0, 0.5}, {0.2, 0, 0.6, 0.2}};
        double[] win = TransitionModel.winProbabilities(rows);
        assertThat(win[0]).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(win[1]).isCloseTo(2.0 / 3, within(1e-12));
    }

    @Test
    void withoutHistoryTheChainReproducesTheProcessProbabilities() {
        double[] baseline = {0.05, 0.10, 0.25, 0.40, 0.60, 0.80};
        TransitionModel model = new TransitionModel(baseline, 20, 50, 2);
        double[] win = TransitionModel.winProbabilities(model.repRows("nobody", "no-team"));
        for (int s = 0; s < baseline.length; s++) {
            assertThat(win[s]).isCloseTo(baseline[s], within(1e-12));
        }
    }

    @Test
    void aRepWithThreeDealsIsShrunkTowardTheTeam() {
        // one stage before the win; no process prior, team = company (strength 0), rep strength 10
        TransitionModel model = new TransitionModel(new double[]{0.5}, 10, 0, 0);
        for (int i = 0; i < 20; i++) {
            model.count("r2", "t", 0, model.won());
            model.count("r2", "t", 0, model.lost());
        }
        for (int i = 0; i < 3; i++) {
            model.count("r1", "t", 0, model.won()); // r1 won all three of its deals
        }
        double team = 23.0 / 43;                      // the team's raw win share
        double rep = (3 + 10 * team) / (3 + 10);      // 0.6422...
        assertThat(model.teamRows("t")[0][model.won()]).isCloseTo(team, within(1e-12));
        assertThat(model.repRows("r1", "t")[0][model.won()]).isCloseTo(rep, within(1e-12));
        assertThat(TransitionModel.winProbabilities(model.repRows("r1", "t"))[0]).isCloseTo(rep, within(1e-12));
        // a rep with plenty of data keeps close to its own share
        assertThat(model.repRows("r2", "t")[0][model.won()]).isCloseTo((20 + 10 * team) / 50, within(1e-12));
    }

    @Test
    void theTeamIsShrunkTowardTheCompanyAndTheCompanyTowardTheProcess() {
        TransitionModel model = new TransitionModel(new double[]{0.5}, 10, 4, 2);
        model.count("r1", "t1", 0, model.won());
        model.count("r2", "t2", 0, model.lost());
        model.count("r2", "t2", 0, model.lost());
        model.count("r2", "t2", 0, model.lost());
        double company = (1 + 2 * 0.5) / (4 + 2);         // 1 win in 4, prior 0.5 with weight 2
        double team1 = (1 + 4 * company) / (1 + 4);
        assertThat(model.companyRows()[0][model.won()]).isCloseTo(company, within(1e-12));
        assertThat(model.teamRows("t1")[0][model.won()]).isCloseTo(team1, within(1e-12));
        assertThat(model.repRows("r1", "t1")[0][model.won()]).isCloseTo((1 + 10 * team1) / 11, within(1e-12));
    }
}
