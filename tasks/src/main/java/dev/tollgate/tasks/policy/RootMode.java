package dev.tollgate.tasks.policy;

/** What agents may do under an allowed root (SPEC §7.1). */
public enum RootMode {
    READ_ONLY, READ_WRITE;

    public String wire() {
        return this == READ_ONLY ? "read_only" : "read_write";
    }

    public static RootMode fromWire(String value) {
        return switch (value) {
            case "read_only" -> READ_ONLY;
            case "read_write" -> READ_WRITE;
            default -> throw new IllegalArgumentException("unknown root mode '" + value
                    + "' (expected read_only or read_write)");
        };
    }
}
