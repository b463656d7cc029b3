package dev.tollgate.proxy.upstream;

import dev.tollgate.proxy.address.Verdict;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.ssl.NotSslRecordException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;

/**
 * Why a forward produced no upstream response, with the status and code the client gets (SPEC §5.3,
 * §5.5): 403 private_address_blocked / own_listener_blocked, 502 upstream_dns_failed /
 * upstream_connect_failed / upstream_tls_failed, 504 upstream_timeout.
 */
public final class UpstreamFailure extends Exception {
    private final int status;
    private final String code;

    public UpstreamFailure(int status, String code, String message, Throwable cause) {
        super(message, cause, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() { return status; }

    public String code() { return code; }

    public static UpstreamFailure refused(Verdict v) { return new UpstreamFailure(403, v.reasonCode(), v.message(), null); }

    public static UpstreamFailure timeout(String what) {
        return new UpstreamFailure(504, "upstream_timeout", what, null);
    }

    public static UpstreamFailure tls(String host, Throwable cause) {
        String why = cause == null ? "handshake failed" : String.valueOf(cause.getMessage());
        return new UpstreamFailure(502, "upstream_tls_failed", "TLS to " + host + " could not be verified: " + why, cause);
    }

    public static UpstreamFailure closed(String host) {
        return new UpstreamFailure(502, "upstream_connect_failed", host + " closed the connection without answering", null);
    }

    /** Classifies a connect-phase failure. */
    public static UpstreamFailure of(Throwable cause, String host) {
        if (cause instanceof UpstreamFailure f) return f;
        if (cause instanceof UnknownHostException) {
            return new UpstreamFailure(502, "upstream_dns_failed", "cannot resolve " + host, cause);
        }
        if (cause instanceof ConnectTimeoutException) return timeout("connecting to " + host + " timed out");
        if (cause instanceof SSLException || cause instanceof NotSslRecordException
                || (cause != null && cause.getCause() instanceof SSLException)) {
            return tls(host, cause);
        }
        return new UpstreamFailure(502, "upstream_connect_failed", "cannot connect to " + host + ": "
                + (cause == null ? "unknown error" : cause.getMessage()), cause);
    }
}
