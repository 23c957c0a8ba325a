package io.pipelineledger.forecast.web;

import io.pipelineledger.events.period.BusinessPeriod;
import io.pipelineledger.forecast.engine.BacktestPoints;

/** The backtest's {@code points} parameter; anything malformed, or weekly points on months or weeks, is a 400. */
final class PointsParameter {

    static final String DESCRIPTION = "where in each period to forecast it: start (default), thirds (start, one "
            + "third and two thirds in, rounded to a day) or weekly (quarters only: start and every 7 days)";

    private PointsParameter() {
    }

    static BacktestPoints of(String text, BusinessPeriod from) {
        if (text == null || text.isBlank()) {
            return BacktestPoints.START;
        }
        BacktestPoints points = BacktestPoints.parse(text).orElseThrow(() -> new BadForecastRequestException(400,
                "points", "points must be one of start, thirds, weekly (was '" + text + "')"));
        if (!points.fits(from.granularity())) {
            throw new BadForecastRequestException(400, "points", "points=weekly is for quarters: the weeks of a "
                    + "quarter (was asked for " + from.key() + ")");
        }
        return points;
    }
}
