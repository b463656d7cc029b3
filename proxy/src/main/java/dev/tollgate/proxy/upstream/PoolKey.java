package dev.tollgate.proxy.upstream;

import java.net.InetAddress;

/** Connections are reused only for the same scheme, host (SNI and certificate name), port and checked address. */
record PoolKey(String scheme, String host, int port, InetAddress address) {
    boolean https() { return "https".equals(scheme); }
}
