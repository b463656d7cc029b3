package dev.tollgate.tasks.shell.classify;

import dev.tollgate.tasks.policy.RiskTier;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Package managers and build tools: installs and publishes are destructive, builds and tests moderate, queries safe. */
final class PackageRules {
    private static final Set<String> INSTALL = Set.of("install", "i", "add", "ci", "uninstall", "un", "remove", "rm", "r",
            "update", "up", "upgrade", "link", "ln", "dedupe", "prune", "purge", "autoremove", "reinstall", "dist-upgrade",
            "full-upgrade", "unlink", "global", "get", "download", "sync", "downgrade", "erase", "localinstall");
    private static final Set<String> PUBLISH = Set.of("publish", "unpublish", "deprecate", "deploy", "release", "push", "upload", "yank", "owner", "dist-tag");
    private static final Set<String> RUNS = Set.of("exec", "x", "dlx", "npx", "create", "init");
    private static final Set<String> QUERY = Set.of("ls", "list", "view", "info", "show", "outdated", "search", "help",
            "version", "--version", "-v", "-V", "freeze", "check", "doctor", "why", "explain", "config", "env", "audit",
            "fund", "query", "policy", "depends", "rdepends", "madison", "owns", "whoami", "tree", "metadata", "-h", "--help");

    private PackageRules() {}

    static void register(Map<String, Rule> rules) {
        for (String n : List.of("npm", "pnpm", "yarn", "bun", "pip", "pip3", "pipx", "uv", "poetry", "pdm", "gem", "bundle",
                "cargo", "go", "composer", "apt", "apt-get", "aptitude", "yum", "dnf", "zypper", "apk", "brew", "port",
                "snap", "flatpak", "conda", "mamba", "nuget", "dotnet", "mix", "rustup", "sdk", "helmfile", "deno")) {
            rules.put(n, PackageRules::manager);
        }
        rules.put("npx", (inv, a) -> {
            a.risk(RiskTier.DESTRUCTIVE, "npx", "downloads and runs a package");
            return Analysis.opaque("npx");
        });
        for (String n : List.of("dpkg", "rpm", "pacman")) rules.put(n, PackageRules::lowLevel);
        Rule build = (inv, a) -> {
            String sub = Flags.subcommand(inv.args());
            if (sub != null && PUBLISH.contains(sub)) {
                a.risk(RiskTier.DESTRUCTIVE, inv.label(sub), "publishes artifacts");
            } else {
                a.risk(RiskTier.MODERATE, inv.label(sub), "builds or tests the project");
            }
            return Analysis.opaque(inv.name());
        };
        for (String n : List.of("mvn", "mvnw", "gradle", "gradlew", "make", "cmake", "ninja", "bazel", "tsc", "jest",
                "pytest", "tox", "nox", "ant", "sbt", "javac", "gcc", "g++", "cc", "clang", "rustc", "vitest", "eslint", "prettier", "black", "ruff", "mypy")) {
            rules.put(n, build);
        }
    }

    private static Data manager(Invocation inv, Analysis a) {
        String sub = Flags.subcommand(inv.args());
        String name = inv.name();
        String label = inv.label(sub);
        if (sub == null) {
            if (Flags.has(inv.args(), "vVh", "--version", "--help")) {
                a.risk(RiskTier.SAFE, name, "prints version or help");
            } else if (name.equals("yarn") || name.equals("bundle") || name.equals("composer") || name.equals("poetry")) {
                a.risk(RiskTier.DESTRUCTIVE, name, "package install");
            } else {
                a.risk(RiskTier.MODERATE, name, "package manager");
            }
        } else if (INSTALL.contains(sub)) {
            a.risk(RiskTier.DESTRUCTIVE, label, "package install or removal");
        } else if (PUBLISH.contains(sub)) {
            a.risk(RiskTier.DESTRUCTIVE, label, "publishes a package");
        } else if (RUNS.contains(sub)) {
            a.risk(RiskTier.DESTRUCTIVE, label, "downloads and runs a package");
        } else if (QUERY.contains(sub)) {
            a.risk(RiskTier.SAFE, label, "queries packages");
        } else {
            a.risk(RiskTier.MODERATE, label, "runs a build, test or project script");
        }
        return Analysis.opaque(name);
    }

    private static Data lowLevel(Invocation inv, Analysis a) {
        boolean query = Flags.has(inv.args(), "lLsQq", "--list", "--listfiles", "--status", "--query", "--search");
        boolean change = Flags.has(inv.args(), "iPrRUSeF", "--install", "--remove", "--purge", "--upgrade", "--sync", "--erase");
        a.risk(change || !query ? RiskTier.DESTRUCTIVE : RiskTier.SAFE, inv.label(), change || !query ? "package install or removal" : "queries packages");
        return Analysis.opaque(inv.name());
    }
}
