package dev.tollgate.gateway.config;

import dev.tollgate.proxy.address.Cidr;
import dev.tollgate.proxy.address.IpLiteral;
import dev.tollgate.engine.config.YNode;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The value types settings are made of. Paths stay as written; the loader resolves them. */
final class ValueTypes {
    private static final Pattern ENVIRONMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private ValueTypes() {}

    static ValueType<Long> port() {
        return integer(0, 65535, "a port number 0-65535");
    }

    /** @param expected completes "must be ...", and should state the range */
    static ValueType<Long> integer(long min, long max, String expected) {
        return new ScalarValueType<>(expected, YNode.ScalarType.INTEGER, text -> {
            // Digits only: Long.parseLong would also take "+5", and "4e3" or "1_000" are not meant.
            if (text.isEmpty() || text.length() > 18 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException();
            }
            long v = Long.parseLong(text);
            if (v < min || v > max) throw new IllegalArgumentException();
            return v;
        });
    }

    /** Only {@code true} and {@code false}: "yes", "1" or "on" are refused, not guessed. */
    static ValueType<Boolean> bool() {
        return new ScalarValueType<>("true or false", YNode.ScalarType.BOOLEAN, text -> switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException();
        });
    }

    static ValueType<Path> path() {
        return new ScalarValueType<>("a file system path", YNode.ScalarType.STRING, text -> {
            if (text.isBlank()) throw new IllegalArgumentException();
            // Shells expand ~ in flags, but YAML and environment files do not: refuse rather
            // than create a directory literally named "~" in the working directory.
            if (text.startsWith("~")) throw new IllegalArgumentException("~ is not expanded; write the full path");
            try {
                return Path.of(text);
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException(e.getReason());
            }
        });
    }

    /** An IP literal or {@code localhost}; host names are refused so binding never needs DNS. */
    static ValueType<String> bindAddress() {
        return new ScalarValueType<>("an IP address or localhost", YNode.ScalarType.STRING, text -> {
            if (text.equals("localhost") || IpLiteral.parse(text).isPresent()) return text;
            throw new IllegalArgumentException();
        });
    }

    /** One of an enum's constants, written in lower case. */
    static <E extends Enum<E>> ValueType<E> choice(Class<E> type) {
        E[] values = type.getEnumConstants();
        String names = Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
        return new ScalarValueType<>("one of " + names, YNode.ScalarType.STRING, text -> {
            for (E v : values) if (v.name().toLowerCase(Locale.ROOT).equals(text)) return v;
            throw new IllegalArgumentException();
        });
    }

    /** The name of a policy environment overlay ({@code environments.<name>}). */
    static ValueType<String> environmentName() {
        return new ScalarValueType<>("an environment name (letters, digits, _ . -)", YNode.ScalarType.STRING, text -> {
            if (!ENVIRONMENT.matcher(text).matches()) throw new IllegalArgumentException();
            return text;
        });
    }

    static ValueType<StoreUrl> store() {
        return new ScalarValueType<>("sqlite:PATH or postgresql://HOST:PORT/DB", YNode.ScalarType.STRING,
                StoreUrl::parse, StoreUrl::redact);
    }

    static ValueType<List<Cidr>> cidrs() {
        return new ListValueType<>("CIDR range", Cidr::parse);
    }

    static ValueType<List<String>> hostPatterns() {
        return new ListValueType<>("host pattern", text -> {
            String p = HostNames.hostPattern(text.strip());
            if (p == null) throw new IllegalArgumentException("use a host name, an IP address or *.domain");
            return p;
        });
    }
}
