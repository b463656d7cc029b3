package dev.tollgate.proxy.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A byte-exact HTTP/1.1 client over a plain socket, for requests real clients refuse to send. */
public final class RawHttp implements AutoCloseable {
    public final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public record Response(int status, Map<String, String> headers, String body) {
        public String header(String name) { return headers.get(name.toLowerCase(Locale.ROOT)); }
    }

    public RawHttp(int port) throws IOException {
        this(new Socket("127.0.0.1", port));
    }

    /** Over an existing socket (e.g. TLS inside a CONNECT tunnel). */
    public RawHttp(Socket s) throws IOException {
        socket = s;
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    public RawHttp send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return this;
    }

    public RawHttp send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    public Response read() throws IOException { return read(false); }

    /** Reads one response; {@code head} for a response without body (HEAD, CONNECT 200). */
    public Response read(boolean head) throws IOException {
        String status = line();
        if (status == null) throw new IOException("connection closed before a response");
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(); l != null && !l.isEmpty(); l = line()) {
            int c = l.indexOf(':');
            headers.put(l.substring(0, c).trim().toLowerCase(Locale.ROOT), l.substring(c + 1).trim());
        }
        int code = Integer.parseInt(status.split(" ")[1]);
        String body = "";
        if (!head && code >= 200 && code != 204 && code != 304) {
            if (headers.containsKey("content-length")) {
                body = new String(in.readNBytes(Integer.parseInt(headers.get("content-length"))), StandardCharsets.UTF_8);
            } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                while (true) {
                    int n = Integer.parseInt(line().split(";")[0].trim(), 16);
                    if (n == 0) {
                        while (!line().isEmpty()) { /* trailers */ }
                        break;
                    }
                    b.write(in.readNBytes(n));
                    line();
                }
                body = b.toString(StandardCharsets.UTF_8);
            }
        }
        return new Response(code, headers, body);
    }

    /** True when the peer closes the connection within {@code millis} (reads and discards until then). */
    public boolean closedWithin(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            while (true) {
                if (in.read() < 0) return true;
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        } finally {
            socket.setSoTimeout(10_000);
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') break;
            if (c != '\r') b.write(c);
        }
        if (c < 0 && b.size() == 0) return null;
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override public void close() throws IOException { socket.close(); }
}
