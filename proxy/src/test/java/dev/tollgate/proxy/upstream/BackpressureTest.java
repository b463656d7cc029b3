package dev.tollgate.proxy.upstream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/** Reading from one side stops while the other cannot take more, and resumes when it can. */
class BackpressureTest {
    /** A peer whose unflushed writes above 16 bytes make it unwritable until flushed. */
    private static EmbeddedChannel slowPeer() {
        EmbeddedChannel peer = new EmbeddedChannel();
        peer.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));
        return peer;
    }

    @Test void aTunnelSideStopsReadingWhileItsPeerIsFullAndResumesWhenItDrains() {
        EmbeddedChannel client = slowPeer();
        EmbeddedChannel upstream = new EmbeddedChannel();
        upstream.pipeline().addLast(new RawRelay(client));
        client.pipeline().addLast(new RawRelay(upstream));
        assertTrue(upstream.config().isAutoRead());

        // The relay writes to the client; until the client's bytes are flushed it is over its high water mark.
        upstream.pipeline().fireChannelRead(Unpooled.wrappedBuffer(new byte[32]));
        assertFalse(client.isWritable());
        assertFalse(upstream.config().isAutoRead(), "stopped reading: the client cannot take more");

        client.flush();
        assertTrue(client.isWritable());
        assertTrue(upstream.config().isAutoRead(), "resumed when the client drained");
        client.finishAndReleaseAll();
        upstream.finishAndReleaseAll();
    }

    @Test void theClientSideResumesTheLinkedUpstreamAndClosesItWhenTheClientLeaves() {
        EmbeddedChannel upstream = new EmbeddedChannel();
        EmbeddedChannel client = slowPeer();
        client.pipeline().addLast(new UpstreamLink());
        UpstreamLink.link(client, upstream);

        client.write(Unpooled.wrappedBuffer(new byte[32]));
        assertFalse(client.isWritable());
        upstream.config().setAutoRead(false); // what ResponseRelay does when the client is not writable
        client.flush();
        assertTrue(upstream.config().isAutoRead(), "the upstream resumes when the client can take bytes again");

        client.close();
        assertFalse(upstream.isOpen(), "the upstream of a client that left is closed");
        client.finishAndReleaseAll();
        upstream.finishAndReleaseAll();
    }
}
