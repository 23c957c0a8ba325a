package io.pipelineledger.events.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection whose request line and headers are not complete in time: the first request within the header
 * timeout from the accept, each next one within the idle timeout from the end of the previous answer. A deadline,
 * not an idle timer: a client trickling one byte every few seconds is closed too. Sits after the HTTP codec, so it
 * sees whole requests coming in and the ends of answers going out; while a request is being answered (a slow
 * forecast, a live stream) no deadline runs. A connection closed before its headers were complete (by the deadline or
 * by the client) is counted, not handed on: Reactor Netty would log a warning for each such socket.
 */
final class RequestDeadlineHandler extends ChannelDuplexHandler {

    static final String NAME = "ledgerRequestDeadline";

    private final Duration headerTimeout;
    private final Duration idleTimeout;
    private final ClosedConnectionsReport report;
    private int inFlight;
    private ScheduledFuture<?> deadline;
    private boolean closedByDeadline;

    RequestDeadlineHandler(Duration headerTimeout, Duration idleTimeout, ClosedConnectionsReport report) {
        this.headerTimeout = headerTimeout;
        this.idleTimeout = idleTimeout;
        this.report = report;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        arm(ctx, headerTimeout, true);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRequest request && request.decoderResult().cause()
                instanceof PrematureChannelClosureException) {
            ReferenceCountUtil.release(msg);
            if (!closedByDeadline) {
                report.abandoned();
            }
            return;
        }
        if (msg instanceof HttpRequest) {
            inFlight++;
            cancel();
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        boolean interim = msg instanceof HttpResponse response
                && response.status().codeClass() == HttpStatusClass.INFORMATIONAL; // 100 Continue: the body follows
        if (msg instanceof LastHttpContent && !interim && inFlight > 0 && --inFlight == 0) {
            arm(ctx, idleTimeout, false);
        }
        super.write(ctx, msg, promise);
    }

    private void arm(ChannelHandlerContext ctx, Duration timeout, boolean first) {
        cancel();
        deadline = ctx.executor().schedule(() -> {
            if (inFlight == 0 && ctx.channel().isActive()) {
                if (first) {
                    report.headerTimedOut();
                } else {
                    report.idleTimedOut();
                }
                closedByDeadline = true;
                ctx.channel().close();
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void cancel() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }
}
