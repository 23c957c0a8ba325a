package io.pipelineledger.query.web;

/** Example answers for the OpenAPI document (the shapes of docs/METRICS.md, abridged). */
final class QueryApiExamples {

    static final String CONVERSION = """
            {"asOf":"2026-11-22T00:00:00Z","groupBy":"rep","groups":[{"group":"rep-01","wonDeals":12,
             "medianCycleDays":61.5,"stages":[{"stage":"prospecting","entered":40,"advanced":25,"won":9,"lost":21,
             "open":3,"conversionRate":0.6756,"winRate":0.3,"medianDaysInStage":9.8,"p90DaysInStage":21.4}]}]}""";
    static final String SCORECARD = """
            {"asOf":"2026-11-22T00:00:00Z","rep":"rep-01","team":"team-emea-1","stages":[{"stage":"prospecting",
             "exited":30,"advanced":20,"conversion":0.667,"conversionShrunk":0.641,"teamConversion":0.62,"won":6,
             "lost":18,"winRate":0.25,"winRateShrunk":0.27,"teamWinRate":0.28}],"habits":{"forwardMoves":80,
             "skips":6,"skipRate":0.075,"backwardMoves":3,"judgedAdvances":80,"advancesWithCriteriaMet":61,
             "adherence":0.7625,"medianCycleDays":58.2},"dealsWon":9,"dealsLost":20,"winRate":0.31,
             "winRateShrunk":0.29,"teamWinRate":0.3,"winRateGap":-0.01}""";
    static final String WIN_RATES = """
            {"asOf":"2026-11-22T00:00:00Z","groupBy":"team","currency":"USD","groups":[{"group":"team-emea-1",
             "won":40,"lost":90,"winRate":0.3077,"wonAmount":1210000}],"warnings":[]}""";
    static final String WIN_RATES_CSV = """
            asOf,groupBy,group,won,lost,winRate,wonAmount,currency
            2026-11-22T00:00:00Z,team,team-emea-1,40,90,0.3077,1210000,USD
            """;
    static final String PIPELINE = """
            {"asOf":"2026-11-22T00:00:00Z","groupBy":"all","currency":"USD","groups":[{"group":"all","count":120,
             "amount":5400000,"stages":[{"stage":"prospecting","count":30,"amount":900000}]}],
             "warnings":[{"opportunityId":"OPP-77","value":2000000,"currency":"JPY","on":"2026-11-22",
             "message":"no JPY to USD exchange rate in force on 2026-11-22: left out (PUT /api/v1/exchange-rates)"}]}""";
    static final String PIPELINE_CSV = """
            asOf,groupBy,group,stage,count,amount,currency
            2026-11-22T00:00:00Z,all,all,prospecting,30,900000,USD
            2026-11-22T00:00:00Z,all,all,,120,5400000,USD
            """;
    static final String MATURITY = """
            {"asOf":"2026-11-22T00:00:00Z","level":2,"name":"Hope & intention","evidence":{"adherence":0.62,
             "skipRate":0.11,"winRateSpread":0.31,"repsFollowingProcess":0.45,"judgedAdvances":3100,
             "repsMeasured":40},"checks":[{"level":2,"measure":"adherence","comparison":">=","threshold":0.3,
             "value":0.62,"met":true}]}""";
    static final String STATUS = """
            {"processors":[{"name":"stage-metrics","position":31671,"head":31671,"caughtUp":true,
             "replaying":false,"running":true}],"deals":2866,"facts":28498}""";
    static final String DEAD_LETTERS = """
            [{"topic":"pipeline-ledger.events","partition":3,"offset":18211,"key":"OPP-1182",
              "eventId":"crm:crm-88121","payloadType":"io.pipelineledger.events.StageChangedEvent",
              "error":"java.io.UncheckedIOException: unreadable event 51220","deadAt":"2026-11-22T09:14:03Z"}]""";
    static final String PROBLEM = """
            {"type":"about:blank","title":"Bad Request","status":400,
             "detail":"groupBy must be one of rep, team, region, all (was 'planet')","field":"groupBy"}""";

    private QueryApiExamples() {
    }
}
