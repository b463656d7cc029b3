package dev.tollgate.gateway.http;

import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * What the access log and the keep-alive decision still need once the Netty request itself is released.
 *
 * @param path the path without its query string (which may carry secrets)
 */
record Exchange(String method, String path, ResponseEncoder.Connection connection, long startNanos) {

    static Exchange of(HttpRequest http, long startNanos) {
        ResponseEncoder.Connection connection;
        if (!HttpUtil.isKeepAlive(http)) {
            connection = ResponseEncoder.Connection.CLOSE;
        } else if (http.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            connection = ResponseEncoder.Connection.KEEP_ALIVE_HTTP10;
        } else {
            connection = ResponseEncoder.Connection.KEEP_ALIVE;
        }
        return new Exchange(http.method().name(), pathOf(http.uri()), connection, startNanos);
    }

    /** A refused request always ends its connection: the byte stream can no longer be trusted to be in step. */
    static Exchange refused(ProtocolError refused, long startNanos) {
        return new Exchange(refused.method(), pathOf(refused.uri()), ResponseEncoder.Connection.CLOSE, startNanos);
    }

    private static String pathOf(String uri) {
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }
}
