package dev.tollgate.tasks.shell.classify;

import dev.tollgate.tasks.policy.RiskTier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Database clients: SQL given with {@code -c}/{@code -e} (sqlite3: after the database operand) or
 * as literal stdin is scanned by {@link SqlScanner}; SQL that is not a literal is not analysable;
 * an SQL file is destructive; a session with nothing to run is moderate.
 */
final class DatabaseRules {
    private DatabaseRules() {}

    static void register(Map<String, Rule> rules) {
        for (String n : List.of("psql", "mysql", "mariadb", "sqlite3", "duckdb", "clickhouse-client", "cockroach")) {
            rules.put(n, DatabaseRules::client);
        }
        rules.put("redis-cli", DatabaseRules::redis);
    }

    private static Data client(Invocation inv, Analysis a) {
        String name = inv.name();
        List<Arg> args = inv.args();
        List<Arg> sql = new ArrayList<>();
        List<Arg> operands = new ArrayList<>();
        boolean file = false;
        for (int i = 0; i < args.size(); i++) {
            Arg arg = args.get(i);
            String v = arg.value();
            if (v == null) {
                operands.add(arg);
                continue;
            }
            boolean pg = name.equals("psql");
            if ((pg && (v.equals("-c") || v.equals("--command"))) || (!pg && (v.equals("-e") || v.equals("--execute")))
                    || v.equals("-cmd") || v.equals("--query") || v.equals("-q") && name.startsWith("clickhouse")) {
                if (i + 1 < args.size()) sql.add(args.get(++i));
            } else if (v.startsWith("--command=") || v.startsWith("--execute=") || v.startsWith("--query=")) {
                String s = v.substring(v.indexOf('=') + 1);
                sql.add(new Arg(s, s, false, true, null));
            } else if ((pg && v.startsWith("-c") && v.length() > 2) || (!pg && v.startsWith("-e") && v.length() > 2 && !name.equals("sqlite3"))) {
                sql.add(new Arg(v.substring(2), v.substring(2), false, true, null));
            } else if ((pg && (v.equals("-f") || v.startsWith("--file"))) || v.equals("-init") || v.equals("--init-command")) {
                file = true;
                if (!v.contains("=")) i++;
            } else if (v.startsWith("-")) {
                if (valued(name, v) && i + 1 < args.size()) i++;
            } else {
                operands.add(arg);
            }
        }
        if (name.equals("sqlite3") || name.equals("duckdb")) {
            for (int k = 1; k < operands.size(); k++) sql.add(operands.get(k));
        }
        if (file) a.risk(RiskTier.DESTRUCTIVE, name + " -f", "runs an SQL file");
        for (Arg s : sql) {
            if (s.value() == null) {
                a.block(BlockCode.NOT_ANALYSABLE, name + ": SQL " + s.display() + " is not a literal");
            } else {
                grade(name, SqlScanner.scan(s.value()), a);
            }
        }
        if (sql.isEmpty() && !file) {
            Data in = inv.stdin();
            if (in instanceof Data.Literal lit) {
                grade(name, SqlScanner.scan(lit.text()), a);
            } else if (in instanceof Data.File f) {
                a.risk(RiskTier.DESTRUCTIVE, name, "runs an SQL file (" + f.name() + ")");
            } else if (in instanceof Data.Remote r) {
                a.risk(RiskTier.CRITICAL, name, "SQL downloaded by " + r.source());
            } else if (in instanceof Data.Opaque o) {
                a.block(BlockCode.NOT_ANALYSABLE, name + ": SQL from " + o.source() + " is not a literal");
            } else {
                a.risk(RiskTier.MODERATE, name, "database session");
            }
        }
        return Analysis.opaque(name);
    }

    private static boolean valued(String name, String v) {
        if (v.startsWith("--")) return !v.contains("=") && (v.equals("--host") || v.equals("--port") || v.equals("--user")
                || v.equals("--username") || v.equals("--dbname") || v.equals("--database") || v.equals("--set") || v.equals("--variable"));
        if (v.length() != 2) return false;
        char c = v.charAt(1);
        return name.equals("psql") ? "hpUdvPoLT".indexOf(c) >= 0 : name.equals("sqlite3") ? false : "hPuDS".indexOf(c) >= 0;
    }

    private static void grade(String name, SqlScanner.Result r, Analysis a) {
        if (r.blocked()) {
            a.block(BlockCode.NOT_ANALYSABLE, name + ": " + r.reason());
        } else {
            a.risk(r.tier(), name, r.reason());
        }
    }

    private static Data redis(Invocation inv, Analysis a) {
        String cmd = null;
        for (Arg arg : inv.args()) {
            if (arg.value() == null) {
                a.block(BlockCode.NOT_ANALYSABLE, "redis-cli: argument " + arg.display() + " is not a literal");
                return Analysis.opaque("redis-cli");
            }
        }
        List<Arg> ops = Flags.operands(inv.args(), java.util.Set.of("-h", "-p", "-a", "-n", "-u", "--user", "--pass"));
        if (!ops.isEmpty()) cmd = ops.get(0).value().toUpperCase(java.util.Locale.ROOT);
        if (cmd == null) {
            a.risk(RiskTier.MODERATE, "redis-cli", "database session");
        } else if (cmd.equals("FLUSHALL") || cmd.equals("FLUSHDB") || cmd.equals("SHUTDOWN")) {
            a.risk(RiskTier.CRITICAL, "redis-cli " + cmd, "deletes every key");
        } else if (cmd.equals("GET") || cmd.equals("KEYS") || cmd.equals("SCAN") || cmd.equals("INFO") || cmd.equals("PING")
                || cmd.equals("TTL") || cmd.equals("TYPE") || cmd.equals("EXISTS") || cmd.startsWith("H") && cmd.contains("GET")) {
            a.risk(RiskTier.SAFE, "redis-cli " + cmd, "reads data");
        } else {
            a.risk(RiskTier.DESTRUCTIVE, "redis-cli " + cmd, "writes data");
        }
        return Analysis.opaque("redis-cli");
    }
}
