package dev.tollgate.gateway.http;

/**
 * A request the protocol layer refused (undecodable, too long, body over the limit), travelling down the pipeline
 * to the dispatcher so that its error response takes its turn behind any earlier pipelined request. The
 * connection closes after it: the stream can no longer be trusted to be in step.
 *
 * @param method and {@code uri}: for the access log, "-" when the request line was never read
 */
record ProtocolError(ApiException error, String method, String uri) {
}
