package dev.tollgate.proxy.tls;

import io.netty.handler.ssl.SslContext;

/**
 * Server TLS contexts presenting a leaf certificate for a host, minted from Tollgate's CA (SPEC §6).
 * May take milliseconds on a first call (key generation, signing): the proxy calls it off the event
 * loop. Implementations cache per host and mint once under concurrent first requests.
 */
@FunctionalInterface
public interface MitmContexts {
    /** @param host the CONNECT host, lower case (a name, or an IP literal without brackets) */
    SslContext forHost(String host);
}
