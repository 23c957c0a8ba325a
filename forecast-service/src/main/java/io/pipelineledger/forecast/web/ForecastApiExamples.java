package io.pipelineledger.forecast.web;

/** Example requests and answers for the OpenAPI document (the shapes of docs/FORECAST.md, abridged). */
final class ForecastApiExamples {

    static final String FORECAST = """
            {"period":"2026-Q4","periodStart":"2026-10-01T00:00:00Z","periodEnd":"2027-01-01T00:00:00Z",
             "groupBy":"region","method":"learned","asOf":"2026-11-22T09:00:00Z","groups":[{"group":"emea",
             "closedWon":410500.00,"expected":1402311.27,"p10":1190200.00,"p50":1398000.00,"p90":1618400.50,
             "commit":1120500.00,"bestCase":1544000.00,"pipeline":2210300.25,"fromOpenDeals":861244.10,
             "fromNewDeals":130567.17,"openDeals":93}],"provenance":{"modelVersion":"pipeline-ledger-forecast/2 …",
             "method":"LEARNED","asOf":"2026-11-22T09:00:00Z","eventsUpTo":"2026-11-22T08:58:12Z",
             "modelAsOf":"2026-11-22T09:00:00Z","learnedFrom":"2024-11-22T09:00:00Z",
             "parameters":{"simulations":"1000","seed":"20260101","commitThreshold":"0.7"},"deals":2866,
             "facts":15832},"currency":"USD","warnings":[{"opportunityId":"OPP-912","value":40000.00,
             "currency":"CHF","on":"2026-11-22",
             "message":"no CHF to USD exchange rate in force on 2026-11-22: left out (PUT /api/v1/exchange-rates)"}]}""";
    static final String CSV = """
            period,groupBy,group,method,asOf,closedWon,expected,p10,p50,p90,commit,bestCase,pipeline,fromOpenDeals,\
            fromNewDeals,openDeals,modelVersion,eventsUpTo,currency
            2026-Q4,region,emea,learned,2026-11-22T09:00:00Z,410500.00,1402311.27,1190200.00,1398000.00,1618400.50,\
            1120500.00,1544000.00,2210300.25,861244.10,130567.17,93,pipeline-ledger-forecast/2,2026-11-22T08:58:12Z,USD
            """;
    static final String EXPLAIN = """
            {"forecast":{"group":"team-emea-1","closedWon":120000.00,"expected":402311.27,"p10":330100.00,
             "p50":398000.00,"p90":470400.00,"openDeals":31},"wonAmountRatio":0.95,"deals":[{"opportunityId":"OPP-7",
             "status":"OPEN","stageId":"discussion","repId":"rep-07","amount":52000.00,"pWin":0.71,"pInPeriod":0.55,
             "expected":27170.00,"category":"COMMIT","categorySetByCrm":true,"expectedCloseDate":"2026-12-15",
             "closesInPeriod":true,"dealAmount":48000.00,"dealCurrency":"EUR"}],"newDeals":[{"repId":"rep-07",\
            "expectedWins":0.8,"meanWonAmount":31000.0}],"currency":"USD","warnings":[]}""";
    static final String BACKTEST = """
            {"from":"2025-Q1","to":"2026-Q4","groupBy":"ALL","rows":[{"period":"2025-Q1","method":"LEARNED",
             "group":"all","forecast":3937709.00,"p10":3475649.00,"p50":3930100.00,"p90":4430943.00,
             "actual":3702100.00,"accuracy":0.936,"covered":true,"complete":true,"point":"start",
             "asOf":"2025-01-01T00:00:00Z"},{"period":"2026-Q4",
             "method":"LEARNED","group":"all","forecast":4102000.00,"p10":3610000.00,"p50":4090000.00,
             "p90":4620000.00,"actual":2010400.00,"accuracy":0.49,"covered":false,"complete":false,
             "point":"start","asOf":"2026-10-01T00:00:00Z"}],
             "overall":[{"scope":"overall","method":"LEARNED","rows":7,"accuracy":0.90,"mape":0.137,"wmape":0.100,
             "bias":-0.058,"coverage":0.857}],"currency":"USD","warnings":[],"incompletePeriods":["2026-Q4"],
             "points":"start","byPoint":[{"scope":"start","method":"LEARNED","rows":7,"accuracy":0.90,"mape":0.137,
             "wmape":0.100,"bias":-0.058,"coverage":0.857}],"knownAt":"each-origin","hindsightPeriods":[]}""";
    static final String SUBMISSION = """
            {"submissionId":"emea-2026-Q4-week-47","period":"2026-Q4","groupBy":"region","group":"emea",
             "method":"learned","submittedBy":"vp.emea@example.com","override":1250000,
             "reason":"two renewals slip to January","currency":"EUR"}""";
    static final String SUBMITTED = """
            {"recorded":true,"submission":{"eventId":"submission:emea-2026-Q4-week-47",
             "submissionId":"emea-2026-Q4-week-47","occurredAt":"2026-11-22T09:00:00Z","period":"2026-Q4",
             "groupBy":"region","group":"emea","method":"learned","asOf":"2026-11-22T09:00:00Z",
             "submittedBy":"vp.emea@example.com","reason":"two renewals slip to January","override":1250000,
             "closedWon":410500.00,"expected":1402311.27,"p10":1190200.00,"p50":1398000.00,"p90":1618400.50,
             "commit":1120500.00,"bestCase":1544000.00,"pipeline":2210300.25,"modelVersion":"pipeline-ledger-forecast/2 …",
             "eventsUpTo":"2026-11-22T08:58:12Z","actor":{"type":"apiKey","id":"5f6t92nw","name":"emea leadership"},
             "currency":"EUR"}}""";
    static final String PROBLEM = """
            {"type":"about:blank","title":"Bad Request","status":400,
             "detail":"period must be a quarter (2026-Q4), a month (2026-11) or an ISO week (2026-W47) (was '2026-Q5')",
             "field":"period"}""";

    private ForecastApiExamples() {
    }
}
