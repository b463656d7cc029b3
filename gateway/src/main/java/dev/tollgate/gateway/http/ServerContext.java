package dev.tollgate.gateway.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** What every connection of one server shares: its settings, its processor, and a few counters. */
final class ServerContext {
    static final int MAX_INITIAL_LINE = 8 * 1024;
    static final int MAX_HEADER_SIZE = 32 * 1024;

    final RequestProcessor processor;
    final ResponseEncoder encoder;
    final ObjectMapper mapper;
    final int maxBodyBytes;
    final long idleMillis;
    final long drainMillis;

    final LongAdder accepted = new LongAdder();
    /** Requests received and not yet answered, so that close() can let them finish. */
    final AtomicInteger inFlight = new AtomicInteger();
    /** Set by close(): responses from then on say {@code Connection: close}. */
    volatile boolean shuttingDown;

    ServerContext(RequestProcessor processor, ObjectMapper mapper, int maxBodyBytes, long idleMillis,
                  long drainMillis) {
        this.processor = processor;
        this.encoder = new ResponseEncoder(mapper);
        this.mapper = mapper;
        this.maxBodyBytes = maxBodyBytes;
        this.idleMillis = idleMillis;
        this.drainMillis = drainMillis;
    }
}
