package dev.tollgate.gateway.webhook;

import dev.tollgate.proxy.address.IpLiteral;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * HTTP/1.1 POST over a socket connected to an address that was checked, not to a name.
 *
 * <p>Why not java.net.http.HttpClient: it resolves the URL's host itself, so between our check
 * and its connect a DNS-rebinding resolver could answer with an internal address, and it cannot
 * be pointed at an address while keeping the name for {@code Host}, SNI and certificate checks
 * (Host is a restricted header; an IP-literal URL breaks SNI and hostname verification). Here
 * the TCP connection goes to the checked address and TLS runs over it for the URL's host name:
 * SNI is that name and the certificate is verified against it (endpoint identification HTTPS,
 * the JDK trust store unless a factory is given). There is no way to turn verification off.
 *
 * <p>Deliberately small: one request per connection ({@code Connection: close}), only the
 * status line (and any 1xx interim headers) is read, redirects are not followed. Connect
 * timeout per address; one overall deadline for TLS handshake, request and response status.
 */
public final class PinnedHttpTransport implements WebhookTransport {
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] (\\d{3})(?: .*)?");
    private static final int MAX_RESPONSE_HEAD = 64 * 1024;

    private final SSLSocketFactory tls;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** JDK default trust (cacerts), connect timeout 5 s, request timeout 10 s. */
    public PinnedHttpTransport() {
        this((SSLSocketFactory) SSLSocketFactory.getDefault(), Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    public PinnedHttpTransport(SSLSocketFactory tls, Duration connectTimeout, Duration requestTimeout) {
        this.tls = tls;
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
    }

    @Override
    public int post(WebhookRequest request) throws IOException {
        if (closed) throw new IOException("transport closed");
        WebhookUrl url = request.url();
        byte[] head = head(request);
        Socket raw = connect(request.addresses(), url.port());
        try {
            long deadline = System.nanoTime() + requestTimeout.toNanos();
            Socket s = url.https() ? handshake(raw, url.host(), url.port(), deadline) : raw;
            OutputStream out = s.getOutputStream();
            out.write(head);
            out.write(request.message().body());
            out.flush();
            return readStatus(s, new BufferedInputStream(s.getInputStream()), deadline);
        } finally {
            open.remove(raw);
            raw.close();
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing to abort; nothing to do
            }
        }
    }

    /** Tries the checked addresses in order; only these, never a fresh lookup. */
    private Socket connect(List<InetAddress> addresses, int port) throws IOException {
        IOException last = null;
        for (InetAddress a : addresses) {
            Socket s = new Socket();
            open.add(s);
            try {
                if (closed) throw new IOException("transport closed");
                s.connect(new InetSocketAddress(a, port), (int) connectTimeout.toMillis());
                return s;
            } catch (IOException e) {
                open.remove(s);
                s.close();
                if (last != null) e.addSuppressed(last);
                last = e;
            }
        }
        throw last;
    }

    private Socket handshake(Socket raw, String host, int port, long deadline) throws IOException {
        SSLSocket s = (SSLSocket) tls.createSocket(raw, host, port, true);
        SSLParameters p = s.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        if (IpLiteral.parse(host).isEmpty()) { // SNI carries names only, never addresses
            try {
                p.setServerNames(List.of(new SNIHostName(host)));
            } catch (IllegalArgumentException notAHostName) {
                // SNI is optional; verification below still applies to the name
            }
        }
        s.setSSLParameters(p);
        s.setSoTimeout(remainingMillis(deadline));
        s.startHandshake();
        return s;
    }

    private static byte[] head(WebhookRequest r) throws IOException {
        StringBuilder b = new StringBuilder(512);
        b.append("POST ").append(r.url().requestTarget()).append(" HTTP/1.1\r\n");
        b.append("Host: ").append(r.url().hostHeader()).append("\r\n");
        for (Map.Entry<String, String> h : r.message().headers().entrySet()) {
            if (!WebhookMessage.isHeaderSafe(h.getKey()) || !WebhookMessage.isHeaderSafe(h.getValue())) {
                throw new IOException("header " + h.getKey() + " contains control characters");
            }
            b.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        b.append("Content-Length: ").append(r.message().body().length).append("\r\n");
        b.append("Connection: close\r\n\r\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The first final status; 1xx interim responses (100, 103) are skipped with their headers. */
    private int readStatus(Socket s, InputStream in, long deadline) throws IOException {
        int[] budget = {MAX_RESPONSE_HEAD};
        while (true) {
            String line = readLine(s, in, deadline, budget);
            Matcher m = STATUS_LINE.matcher(line);
            if (!m.matches()) throw new IOException("not an HTTP/1.x response");
            int status = Integer.parseInt(m.group(1));
            if (status >= 200 || status == 101) return status;
            while (!readLine(s, in, deadline, budget).isEmpty()) {
                // interim response headers carry nothing we use
            }
        }
    }

    private String readLine(Socket s, InputStream in, long deadline, int[] budget) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        while (true) {
            s.setSoTimeout(remainingMillis(deadline));
            int c = in.read();
            if (c < 0) throw new EOFException("connection closed before the response status");
            if (--budget[0] < 0) throw new IOException("response head longer than " + MAX_RESPONSE_HEAD + " bytes");
            if (c == '\n') break;
            line.write(c);
        }
        String l = line.toString(StandardCharsets.ISO_8859_1);
        return l.endsWith("\r") ? l.substring(0, l.length() - 1) : l;
    }

    private int remainingMillis(long deadline) throws SocketTimeoutException {
        long ms = (deadline - System.nanoTime()) / 1_000_000;
        if (ms <= 0) throw new SocketTimeoutException("no response within " + requestTimeout.toMillis() + " ms");
        return (int) Math.min(Integer.MAX_VALUE, ms);
    }
}
