package io.pipelineledger.forecast.web;

import io.pipelineledger.forecast.engine.Forecast;
import io.pipelineledger.forecast.engine.GroupForecast;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * A forecast as CSV for finance's spreadsheets: a header, then one line per group, provenance and the currency of its
 * figures on every line (the last column, so earlier columns keep their places).
 */
final class ForecastCsv {

    static final String HEADER = "period,groupBy,group,method,asOf,closedWon,expected,p10,p50,p90,commit,bestCase,"
            + "pipeline,fromOpenDeals,fromNewDeals,openDeals,modelVersion,eventsUpTo,currency";

    private ForecastCsv() {
    }

    static String write(Forecast forecast) {
        StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
        for (GroupForecast g : forecast.groups()) {
            csv.append(String.join(",", forecast.period(), lower(forecast.groupBy()), quoted(g.group()),
                            lower(forecast.method()), String.valueOf(forecast.asOf()), plain(g.closedWon()),
                            plain(g.expected()), plain(g.p10()), plain(g.p50()), plain(g.p90()), plain(g.commit()),
                            plain(g.bestCase()), plain(g.pipeline()), plain(g.fromOpenDeals()),
                            plain(g.fromNewDeals()), String.valueOf(g.openDeals()),
                            quoted(forecast.provenance().modelVersion()),
                            forecast.provenance().eventsUpTo() == null ? "" : forecast.provenance().eventsUpTo()
                                    .toString(), forecast.currency()))
                    .append("\r\n");
        }
        return csv.toString();
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
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
