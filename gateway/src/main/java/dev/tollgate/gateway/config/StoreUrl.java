package dev.tollgate.gateway.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where state is kept: {@code sqlite:PATH} or {@code postgresql://HOST[:PORT]/DB?user=U&password=P}.
 * This type only checks the syntax; whoever opens the store decides what it supports.
 */
public sealed interface StoreUrl {

    /** The URL as it can be shown in logs and messages: never contains a password. */
    String redacted();

    /** @param file absolute once loaded by {@link SettingsLoader} */
    record Sqlite(Path file) implements StoreUrl {
        @Override public String redacted() { return "sqlite:" + file; }
        @Override public String toString() { return redacted(); }
    }

    /** @param url the full URL as given, credentials included; {@link #toString} hides them */
    record Postgres(String url) implements StoreUrl {
        @Override public String redacted() { return redact(url); }
        @Override public String toString() { return redacted(); }
    }

    /**
     * @throws IllegalArgumentException with a message that never repeats a password
     */
    static StoreUrl parse(String text) {
        if (text.startsWith("sqlite:")) {
            String path = text.substring("sqlite:".length());
            if (path.isEmpty()) throw new IllegalArgumentException("sqlite: needs a file path");
            try {
                return new Sqlite(Path.of(path));
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("not a valid file path: " + e.getReason());
            }
        }
        if (text.startsWith("postgresql://") || text.startsWith("postgres://")) {
            URI uri;
            try {
                uri = new URI(text);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("not a valid URL: " + e.getReason());
            }
            if (uri.getHost() == null) throw new IllegalArgumentException("the URL names no host");
            String db = uri.getPath();
            if (db == null || db.length() < 2 || db.indexOf('/', 1) >= 0) {
                throw new IllegalArgumentException("the URL must name one database: postgresql://HOST:PORT/DB");
            }
            return new Postgres(text);
        }
        throw new IllegalArgumentException("unknown scheme");
    }

    /** Hides {@code user:password@} and {@code password=...} so URLs can be printed. */
    static String redact(String url) {
        String s = Pattern.compile("(//[^/@:]*):[^/@]*@").matcher(url).replaceFirst("$1:***@");
        return Pattern.compile("(?i)([?&]password=)[^&]*").matcher(s).replaceAll("$1***");
    }
}
