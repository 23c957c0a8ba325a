package io.pipelineledger.command.web;

/** Examples shown in the OpenAPI document; each is a request or answer the API really accepts or gives. */
final class ApiExamples {

    static final String EVENTS_BATCH = """
            [{"eventId":"crm-1","type":"OpportunityOpened","opportunityId":"OPP-1","occurredAt":"2026-03-01T10:00:00Z",
              "repId":"rep-7","teamId":"team-north","regionId":"emea","stage":"prospecting","amount":50000,"currency":"EUR"},
             {"eventId":"crm-2","type":"MilestoneAchieved","opportunityId":"OPP-1","occurredAt":"2026-03-02T09:00:00Z",
              "milestoneId":"first-meeting-accepted","evidence":{"kind":"BUYER_ACTION","reference":"meeting-88"}},
             {"eventId":"crm-3","type":"StageChanged","opportunityId":"OPP-1","occurredAt":"2026-03-03T09:00:00Z",
              "toStage":"qualification"}]""";

    static final String EVENTS_NDJSON = """
            {"eventId":"crm-4","type":"AmountRevised","opportunityId":"OPP-1","occurredAt":"2026-03-04T09:00:00Z","amount":65000}
            {"eventId":"crm-5","type":"ForecastCategorySet","opportunityId":"OPP-1","occurredAt":"2026-03-05T09:00:00Z","category":"BEST_CASE"}
            """;

    static final String INGEST_RESULT = """
            {"accepted":2,"duplicates":0,"rejected":[{"index":2,"eventId":"crm-3","status":404,"field":"opportunityId",
             "error":"opportunity OPP-9 is not in the ledger: its OpportunityOpened must come first"}]}""";

    static final String PROBLEM_BODY = """
            {"type":"about:blank","title":"Bad Request","status":400,
             "detail":"body is not valid JSON: Unexpected end-of-input","instance":"/api/v1/events","field":"body"}""";

    static final String SINGLE_EVENT = """
            {"eventId":"crm-6","type":"StageChanged","occurredAt":"2026-03-06T09:00:00Z","toStage":"development"}""";

    static final String PROBLEM_BLOCKED = """
            {"type":"about:blank","title":"Conflict","status":409,"field":"toStage",
             "detail":"the sales process rejects advances with unmet required exit criteria: [budget-confirmed]",
             "unmetExitCriteria":["budget-confirmed"]}""";

    static final String PROCESS = """
            {"stages":[{"id":"qualification","name":"Qualification","probability":0.2,
                        "exitCriteria":[{"id":"budget-confirmed","description":"Buyer confirmed budget in writing",
                                         "required":true,"evidence":"DOCUMENT","ownerRole":"sales"}]},
                       {"id":"closing","name":"Closing","probability":0.8,
                        "exitCriteria":[{"id":"contract-signed","description":"Buyer signed the contract",
                                         "evidence":"DOCUMENT"}]},
                       {"id":"account-management","name":"Account Management","probability":1,"afterWin":true}],
             "enforcement":"REJECT"}""";

    static final String PROCESS_VIEW = """
            {"version":2,"definedAt":"2026-02-01T08:00:00Z","recordedAt":"2026-02-01T08:00:01Z","definedBy":"apiKey:5f6t92nw",
             "actor":{"type":"apiKey","id":"5f6t92nw","name":"process admins"},"onBehalfOf":"admin@seller.example",
             "stages":[{"id":"qualification","name":"Qualification","probability":0.2,
                        "exitCriteria":[{"id":"budget-confirmed","description":"Buyer confirmed budget in writing",
                                         "required":true,"evidence":"DOCUMENT","ownerRole":"sales"}]}],
             "enforcement":"REJECT"}""";

    static final String IMPORT_RESULT = """
            {"rows":7,"accepted":9,"duplicates":0,"rejected":[{"line":5,"field":"stage","error":"stage 'Mystery' is not in the mapping"}]}""";

    static final String RATES = """
            [{"currency":"EUR","validFrom":"2026-01-01","rate":1.08},
             {"currency":"EUR","validFrom":"2026-04-01","rate":"1.0725"},
             {"currency":"GBP","validFrom":"2026-01-01","rate":1.27}]""";

    static final String RATE_VIEW = """
            {"currency":"EUR","validFrom":"2026-01-01","rate":1.08,"quoteCurrency":"USD","eventId":"rate:EUR:2026-01-01:1",
             "recordedAt":"2026-03-01T08:00:01Z","setBy":"apiKey:5f6t92nw",
             "actor":{"type":"apiKey","id":"5f6t92nw","name":"finance admins"},"onBehalfOf":"treasury@seller.example"}""";

    static final String RATES_VIEW = """
            {"reportingCurrency":"USD","asOf":"2026-03-31","rates":[""" + RATE_VIEW + "]}";

    static final String RATES_SET = """
            {"reportingCurrency":"USD","recorded":[{"currency":"EUR","validFrom":"2026-01-01","rate":1.08,"quoteCurrency":"USD"}],
             "unchanged":2,"rates":[""" + RATE_VIEW + "]}";

    static final String PROBLEM_RATE = """
            {"type":"about:blank","title":"Bad Request","status":400,"field":"rates[3].rate",
             "detail":"rates[3].rate must be greater than 0 (was 0)","instance":"/api/v1/exchange-rates"}""";

    /** The two parts of an import, as a form would send them. */
    static final String IMPORT_HISTORY = """
            opportunityId,changedAt,stage,amount,currency,repId,teamId,regionId,closeDate
            OPP-7,2025-01-10T09:00:00Z,Discovery,40000,EUR,rep-1,team-a,emea,2025-04-30
            OPP-7,2025-02-01,Solution Design,40000,EUR,rep-1,team-a,emea,2025-04-30
            OPP-7,2025-04-20,Closed Won,47000,EUR,rep-2,team-a,emea,2025-05-31
            """;

    static final String IMPORT_MAPPING = """
            # CRM stage name = process stage (or WON / LOST)
            Discovery = qualification
            Solution Design = development
            Closed Won = WON
            Closed Lost = LOST
            """;

    private ApiExamples() {
    }
}
