package dev.tollgate.proxy.exchange;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;

/** Hops from a store thread back to a channel's event loop: pipelines are touched only there. */
public final class Loop {
    private Loop() {}

    public static <T> void resume(ChannelHandlerContext ctx, CompletionStage<T> stage, BiConsumer<T, Throwable> then) {
        stage.whenComplete((v, e) -> {
            EventExecutor loop = ctx.executor();
            Throwable cause = unwrap(e);
            if (loop.inEventLoop()) then.accept(v, cause);
            else loop.execute(() -> then.accept(v, cause));
        });
    }

    public static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
