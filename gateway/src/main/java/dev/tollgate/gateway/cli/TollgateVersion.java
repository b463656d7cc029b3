package dev.tollgate.gateway.cli;

import dev.tollgate.gateway.Version;
import picocli.CommandLine;

/** The product version, as {@code tollgate version} and {@code --version} print it. */
public final class TollgateVersion implements CommandLine.IVersionProvider {

    /** The build's version ({@link Version}, filtered in by Maven). */
    public static String version() {
        return Version.get();
    }

    @Override public String[] getVersion() {
        return new String[] {"tollgate " + version(), "Java " + Runtime.version()};
    }
}
