package dev.tollgate.proxy.support;

import dev.tollgate.proxy.log.ProxyMetrics;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Remembers every metric event, for assertions. */
public final class RecordingMetrics implements ProxyMetrics {
    public final List<String> completed = new CopyOnWriteArrayList<>();
    public final List<Integer> held = new CopyOnWriteArrayList<>();
    public final List<Integer> upstreamStatuses = new CopyOnWriteArrayList<>();
    public final List<String> upstreamFailures = new CopyOnWriteArrayList<>();
    public final List<Boolean> connections = new CopyOnWriteArrayList<>();

    @Override public void requestCompleted(String decision, long totalNanos) { completed.add(decision); }

    @Override public void held(int count) { held.add(count); }

    @Override public void upstreamResponse(int status, long nanos) { upstreamStatuses.add(status); }

    @Override public void upstreamFailed(String code) { upstreamFailures.add(code); }

    @Override public void upstreamConnection(boolean reused) { connections.add(reused); }
}
