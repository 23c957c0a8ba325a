package io.pipelineledger.query.web;

import io.pipelineledger.query.api.GroupBy;
import io.pipelineledger.query.api.Views;
import io.pipelineledger.query.live.LiveDashboards;
import io.pipelineledger.query.live.LiveView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Live dashboards: the current figures first, then fresh figures whenever new facts land. Each distinct view is
 * computed once per update and shared by all its subscribers ({@link LiveDashboards}); a subscriber that reads
 * slowly skips to the newest figures instead of queueing old ones, and its stream stays open.
 */
@RestController
public class StreamController {

    private static final byte[] KEEP_ALIVE = ":keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);

    private final LiveDashboards dashboards;
    private final Duration heartbeat;

    public StreamController(LiveDashboards dashboards,
                            @Value("${ledger.query.stream-heartbeat:PT15S}") Duration heartbeat) {
        this.dashboards = dashboards;
        this.heartbeat = heartbeat;
    }

    @Operation(summary = "Live stage metrics (server-sent events)", description = "Event 'snapshot' with the "
            + "dashboard figures (conversion, win rates, pipeline, maturity; amounts in 'currency', those without an "
            + "exchange rate left out and listed in 'warnings') now, then an 'update' with fresh "
            + "figures whenever new facts land (at most one per ledger.query.stream-interval, default 250 ms; a "
            + "client that reads slowly gets the newest figures, not a backlog). A comment line every 15 s keeps "
            + "proxies from closing the stream.")
    // No "produces" on the mapping: the content type is set on the answer, so a bad parameter's problem+json is
    // not negotiated against text/event-stream.
    @ApiResponse(responseCode = "200", content = @Content(mediaType = "text/event-stream",
            schema = @Schema(implementation = Views.DashboardView.class), examples = @ExampleObject(
            value = "event:snapshot\nid:28498\ndata:{\"asOf\":\"2026-11-22T10:00:00Z\",\"factsApplied\":28498,"
                    + "\"deals\":3120,\"currency\":\"USD\",\"conversion\":{…},\"winRates\":{…},"
                    + "\"pipeline\":{…},\"maturity\":{…},\"warnings\":[]}\n\n"
                    + "event:update\nid:28511\ndata:{…}\n")))
    @GetMapping(path = "/api/v1/stream")
    public ResponseEntity<Flux<DataBuffer>> stream(
            @Parameter(description = "rep, team, region or all (default all)") @RequestParam(required = false)
            String groupBy,
            @Parameter(description = "ISO-4217 currency of the amounts (default ledger.reporting-currency)",
                    example = "EUR") @RequestParam(required = false) String currency,
            ServerHttpResponse response) {
        GroupBy grouping = QueryParameters.groupBy(groupBy);
        String asked = QueryParameters.currency(currency);
        DataBufferFactory buffers = response.bufferFactory();
        // a slow reader gets the newest view next (LiveDashboards.view), never an overflow error
        Flux<DataBuffer> views = dashboards.view(grouping, asked)
                .index()
                .map(numbered -> event(buffers, numbered.getT1() == 0 ? "snapshot" : "update", numbered.getT2()));
        Flux<DataBuffer> keepAlive = Flux.interval(heartbeat, heartbeat)
                .onBackpressureDrop()
                .map(tick -> buffers.wrap(KEEP_ALIVE))
                .takeUntilOther(dashboards.closing());
        // prefetch 1: nothing queues between the views and the connection but the one being written
        return ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM).body(Flux.merge(1, views, keepAlive));
    }

    /** A server-sent event around the view's JSON, which every subscriber shares (wrapped, not copied). */
    private static DataBuffer event(DataBufferFactory buffers, String name, LiveView view) {
        return buffers.join(List.of(buffers.wrap(view.head(name)), buffers.wrap(view.json()), buffers.wrap(END)));
    }
}
