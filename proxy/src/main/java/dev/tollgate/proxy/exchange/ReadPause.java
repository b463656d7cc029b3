package dev.tollgate.proxy.exchange;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * Stops and restarts reading from a client connection whose autoRead is off. The
 * {@code ExchangeSequencer} owns reading (it asks for the next read after each one); it asks only
 * while the connection is not paused here. A streamed request body pauses reading while its request
 * is being decided (the body stays in the kernel's buffer, so the upstream's TCP window, not the
 * proxy's heap, absorbs it) and while the upstream cannot take more bytes. The pause belongs to the
 * current exchange: the sequencer clears it when the exchange ends.
 */
public final class ReadPause {
    private static final AttributeKey<Boolean> PAUSED = AttributeKey.valueOf("tollgate.readsPaused");

    private ReadPause() {}

    public static void pause(Channel ch) { ch.attr(PAUSED).set(Boolean.TRUE); }

    public static boolean paused(Channel ch) { return ch.attr(PAUSED).get() != null; }

    /** Lifts the pause and asks for the read that the pause held back. */
    public static void resume(Channel ch) {
        if (ch.attr(PAUSED).getAndSet(null) != null && ch.isActive() && !ch.config().isAutoRead()) ch.read();
    }

    /** Forgets the pause without reading (the sequencer reads next itself). */
    public static void clear(Channel ch) { ch.attr(PAUSED).set(null); }
}
