package dev.tollgate.proxy.inbound;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import dev.tollgate.proxy.route.Target;
import java.util.List;

/**
 * The client connection's handler names, and the protocol switches: HTTP → intercepted TLS (CONNECT
 * with interception), HTTP → raw tunnel (approved CONNECT, WebSocket after 101). A switch removes the
 * HTTP stages, puts the new first handler right behind the HTTP codec and only then removes the codec,
 * so bytes the client sent early go to the new protocol, not lost.
 */
public final class ClientPipeline {
    public static final String IDLE = "idle";
    public static final String CODEC = "codec";
    public static final String SEQUENCER = "sequencer";
    public static final String GUARD = "guard";
    public static final String TARGET = "target";
    public static final String STREAM = "stream";
    public static final String BODY = "body";
    public static final String AUTH = "auth";
    public static final String INTERCEPT = "intercept";
    public static final String DECISION = "decision";
    public static final String HOLD = "hold";
    public static final String TUNNEL = "tunnel";
    public static final String FORWARD = "forward";
    public static final String LINK = "link";

    private static final List<String> HTTP_STAGES = List.of(SEQUENCER, GUARD, TARGET, STREAM, BODY, AUTH, INTERCEPT, DECISION,
            HOLD, TUNNEL, FORWARD, LINK);

    private ClientPipeline() {}

    /** Builds the HTTP stages after the handler named {@code after}; {@code tunnel} is the CONNECT target inside an intercepted tunnel, else null. */
    public interface Installer {
        void installHttp(ChannelPipeline p, String after, Target tunnel);
    }

    /** Replaces the HTTP stages and codec by {@code next} (named {@code name}); the idle timeout goes too when asked. */
    public static void switchTo(ChannelPipeline p, String name, ChannelHandler next, boolean keepIdle) {
        for (String stage : HTTP_STAGES) {
            if (p.get(stage) != null) p.remove(stage);
        }
        if (p.get(CODEC) != null) {
            p.addAfter(CODEC, name, next);
            p.remove(CODEC);
        } else {
            p.addLast(name, next);
        }
        if (!keepIdle && p.get(IDLE) != null) p.remove(IDLE);
    }
}
