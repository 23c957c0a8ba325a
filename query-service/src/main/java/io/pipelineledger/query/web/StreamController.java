package io.pipelineledger.query.web;

import io.pipelineledger.query.api.FindDashboardQuery;
import io.pipelineledger.query.api.GroupBy;
import io.pipelineledger.query.api.LedgerChangedUpdate;
import io.pipelineledger.query.api.Views;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.Parameter;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;

/**
 * Live dashboards: the current figures first, then fresh figures whenever new facts land (an Axon subscription
 * query; updates are coalesced to at most one per {@code ledger.query.stream-interval}).
 */
@RestController
public class StreamController {

    private final QueryGateway queries;
    private final Duration interval;

    public StreamController(QueryGateway queries,
                            @Value("${ledger.query.stream-interval:PT0.25S}") Duration interval) {
        this.queries = queries;
        this.interval = interval;
    }

    @Operation(summary = "Live stage metrics (server-sent events)", description = "Event 'snapshot' with the "
            + "dashboard figures (conversion, win rates, pipeline, maturity) now, then an 'update' with fresh "
            + "figures whenever new facts land. A comment line every 15 s keeps proxies from closing the stream.")
    // No "produces" on the mapping: the content type is set on the answer, so a bad parameter's problem+json is
    // not negotiated against text/event-stream.
    @ApiResponse(responseCode = "200", content = @Content(mediaType = "text/event-stream", examples = @ExampleObject(
            value = "event:snapshot\ndata:{\"asOf\":\"2026-11-22T10:00:00Z\",\"facts\":28498,\"conversion\":{…},"
                    + "\"winRates\":{…},\"pipeline\":{…},\"maturity\":{…}}\n\nevent:update\ndata:{…}\n")))
    @GetMapping(path = "/api/v1/stream")
    public ResponseEntity<Flux<ServerSentEvent<Views.DashboardView>>> stream(
            @Parameter(description = "rep, team, region or all (default all)") @RequestParam(required = false)
            String groupBy) {
        GroupBy grouping = QueryParameters.groupBy(groupBy);
        FindDashboardQuery query = new FindDashboardQuery(grouping);
        return ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM).body(Flux.using(
                () -> queries.subscriptionQuery(query, Views.DashboardView.class, LedgerChangedUpdate.class),
                result -> stream(query, result), SubscriptionQueryResult::cancel));
    }

    private Flux<ServerSentEvent<Views.DashboardView>> stream(FindDashboardQuery query,
            SubscriptionQueryResult<Views.DashboardView, LedgerChangedUpdate> result) {
        Flux<ServerSentEvent<Views.DashboardView>> first = result.initialResult()
                .map(view -> event("snapshot", view)).flux();
        Flux<ServerSentEvent<Views.DashboardView>> updates = result.updates()
                .sample(interval)
                .concatMap(changed -> Mono.fromFuture(() -> queries.query(query, Views.DashboardView.class))
                        .subscribeOn(Schedulers.boundedElastic()))
                .map(view -> event("update", view));
        Flux<ServerSentEvent<Views.DashboardView>> keepAlive = Flux.interval(Duration.ofSeconds(15))
                .map(tick -> ServerSentEvent.<Views.DashboardView>builder().comment("keep-alive").build());
        return Flux.concat(first, updates.mergeWith(keepAlive))
                .subscribeOn(Schedulers.boundedElastic());
    }

    private static ServerSentEvent<Views.DashboardView> event(String name, Views.DashboardView view) {
        return ServerSentEvent.builder(view).event(name).id(Long.toString(view.factsApplied())).build();
    }
}
