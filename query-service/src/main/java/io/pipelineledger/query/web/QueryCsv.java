package io.pipelineledger.query.web;

import io.pipelineledger.query.api.Views;

import java.math.BigDecimal;

/**
 * The pipeline and win rates as CSV for spreadsheets: a header, then one line per group and stage (the pipeline: a
 * line per stage, then the group's total with an empty stage), the currency of the amounts on every line. Amounts
 * left out for want of a rate are not lines: the answer's header {@value #UNCONVERTED} counts them and the JSON
 * answer lists them.
 */
final class QueryCsv {

    static final String UNCONVERTED = "X-Ledger-Warnings";
    static final String PIPELINE_HEADER = "asOf,groupBy,group,stage,count,amount,currency";
    static final String WIN_RATES_HEADER = "asOf,groupBy,group,won,lost,winRate,wonAmount,currency";

    private QueryCsv() {
    }

    static String pipeline(Views.PipelineView view) {
        StringBuilder csv = new StringBuilder(PIPELINE_HEADER).append("\r\n");
        for (Views.PipelineGroup g : view.groups()) {
            for (Views.PipelineStage s : g.stages()) {
                line(csv, view.asOf().toString(), view.groupBy(), quoted(g.group()), quoted(s.stage()),
                        String.valueOf(s.count()), plain(s.amount()), view.currency());
            }
            line(csv, view.asOf().toString(), view.groupBy(), quoted(g.group()), "", String.valueOf(g.count()),
                    plain(g.amount()), view.currency());
        }
        return csv.toString();
    }

    static String winRates(Views.WinRatesView view) {
        StringBuilder csv = new StringBuilder(WIN_RATES_HEADER).append("\r\n");
        for (Views.WinRateGroup g : view.groups()) {
            line(csv, view.asOf().toString(), view.groupBy(), quoted(g.group()), String.valueOf(g.won()),
                    String.valueOf(g.lost()), g.winRate() == null ? "" : String.valueOf(g.winRate()),
                    plain(g.wonAmount()), view.currency());
        }
        return csv.toString();
    }

    private static void line(StringBuilder csv, String... cells) {
        csv.append(String.join(",", cells)).append("\r\n");
    }

    private static String plain(BigDecimal amount) {
        return amount == null ? "" : amount.toPlainString();
    }

    /** RFC 4180: quoted when it holds a comma, quote or line break. */
    private static String quoted(String text) {
        if (text == null) {
            return "";
        }
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
