package io.pipelineledger.forecast.engine;

import java.util.HashMap;
import java.util.Map;

/**
 * The learned Markov chain over stage transitions. States: the K open stages, and WON and LOST (absorbing). Every
 * observed exit from a stage counts once for the rep and the team that owned the deal when it left: a move to
 * another stage (forward, skipping or backward), a win or a loss. A reopened deal counts its loss (or win) and then
 * starts afresh in the stage it was reopened into; there is no transition out of WON or LOST.
 *
 * <p>Shrinkage (hierarchical Dirichlet, as pseudo-counts), per stage row {@code s}:
 * <pre>
 *   p_company(s,.) = (n_company(s,.) + a_process * p_process(s,.)) / (N_company(s) + a_process)
 *   p_team(s,.)    = (n_team(s,.)    + a_team    * p_company(s,.)) / (N_team(s)    + a_team)
 *   p_rep(s,.)     = (n_rep(s,.)     + a_rep     * p_team(s,.))    / (N_rep(s)     + a_rep)
 * </pre>
 * where n are exit counts and N their row sums. {@code p_process} is the chain that reproduces the process's fixed
 * stage probabilities exactly (advance from s with probability prob(s)/prob(s+1), win from the last stage with
 * prob(K-1), else lose), so with no history the learned method falls back to the classic weights.
 *
 * <p>Recency: an exit counts its weight (1 at as-of, half a half-life earlier) instead of 1, so n and N are weighted
 * counts and the strengths are pseudo-counts of exits at as-of: a row learned from old exits is shrunk more.
 */
public final class TransitionModel {

    private final int stages;
    private final double[][] process;
    private final double[][] company;
    private final Map<String, double[][]> teams = new HashMap<>();
    private final Map<String, double[][]> reps = new HashMap<>();
    private final double repStrength;
    private final double teamStrength;
    private final double processStrength;

    /** Column of WON in a row of K + 2 entries. */
    public int won() {
        return stages;
    }

    /** Column of LOST in a row of K + 2 entries. */
    public int lost() {
        return stages + 1;
    }

    TransitionModel(double[] baselineProbabilities, double repStrength, double teamStrength, double processStrength) {
        this.stages = baselineProbabilities.length;
        this.repStrength = repStrength;
        this.teamStrength = teamStrength;
        this.processStrength = processStrength;
        this.company = new double[stages][stages + 2];
        this.process = processChain(baselineProbabilities);
    }

    /** One observed exit from {@code from} to {@code to} (a stage, {@link #won()} or {@link #lost()}). */
    void count(String rep, String team, int from, int to) {
        count(rep, team, from, to, 1);
    }

    /** One observed exit weighing {@code weight} (its recency weight). */
    void count(String rep, String team, int from, int to, double weight) {
        company[from][to] += weight;
        teams.computeIfAbsent(team, k -> new double[stages][stages + 2])[from][to] += weight;
        reps.computeIfAbsent(rep, k -> new double[stages][stages + 2])[from][to] += weight;
    }

    /** Exits observed from each stage for the rep (all teams; recency-weighted), for explanations. */
    public double exits(String rep, int stage) {
        double[][] n = reps.get(rep);
        return n == null ? 0 : sum(n[stage]);
    }

    public double[][] companyRows() {
        return shrink(company, process, processStrength);
    }

    public double[][] teamRows(String team) {
        return shrink(teams.get(team), companyRows(), teamStrength);
    }

    /** The rep's transition matrix (rows: open stages; columns: open stages, WON, LOST), shrunk toward the team. */
    public double[][] repRows(String rep, String team) {
        return shrink(reps.get(rep), teamRows(team), repStrength);
    }

    /**
     * P(absorbed in WON | in stage s) for each open stage: solves (I - Q) x = r_won exactly, where Q is the
     * stage-to-stage block of the rows and r_won their WON column.
     */
    public static double[] winProbabilities(double[][] rows) {
        int k = rows.length;
        double[][] a = new double[k][k + 1];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                a[i][j] = (i == j ? 1 : 0) - rows[i][j];
            }
            a[i][k] = rows[i][k];
        }
        return solve(a);
    }

    /** Gaussian elimination with partial pivoting on an augmented k x (k+1) matrix. */
    static double[] solve(double[][] a) {
        int k = a.length;
        for (int col = 0; col < k; col++) {
            int pivot = col;
            for (int r = col + 1; r < k; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            double[] t = a[col];
            a[col] = a[pivot];
            a[pivot] = t;
            double p = a[col][col];
            if (Math.abs(p) < 1e-300) {
                throw new IllegalStateException("the chain has a closed class without absorption");
            }
            for (int r = 0; r < k; r++) {
                if (r != col && a[r][col] != 0) {
                    double f = a[r][col] / p;
                    for (int c = col; c <= k; c++) {
                        a[r][c] -= f * a[col][c];
                    }
                }
            }
        }
        double[] x = new double[k];
        for (int i = 0; i < k; i++) {
            x[i] = Math.max(0, Math.min(1, a[i][k] / a[i][i]));
        }
        return x;
    }

    private double[][] shrink(double[][] counts, double[][] prior, double strength) {
        double[][] p = new double[stages][stages + 2];
        for (int s = 0; s < stages; s++) {
            double n = counts == null ? 0 : sum(counts[s]);
            double denominator = n + strength;
            for (int j = 0; j < stages + 2; j++) {
                double c = counts == null ? 0 : counts[s][j];
                p[s][j] = denominator > 0 ? (c + strength * prior[s][j]) / denominator : prior[s][j];
            }
        }
        return p;
    }

    private static double[][] processChain(double[] probability) {
        int k = probability.length;
        double[][] p = new double[k][k + 2];
        for (int s = 0; s < k; s++) {
            double advance = s == k - 1 ? probability[s]
                    : probability[s + 1] > 0 ? Math.min(1, probability[s] / probability[s + 1]) : 0;
            p[s][s == k - 1 ? k : s + 1] = advance;
            p[s][k + 1] = 1 - advance;
        }
        return p;
    }

    private static double sum(double[] row) {
        double s = 0;
        for (double v : row) {
            s += v;
        }
        return s;
    }
}
