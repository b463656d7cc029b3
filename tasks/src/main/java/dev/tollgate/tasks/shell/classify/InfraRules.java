package dev.tollgate.tasks.shell.classify;

import dev.tollgate.tasks.policy.RiskTier;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Infrastructure tools: destroy and cluster-wide deletes are critical, other mutations destructive, reads safe. */
final class InfraRules {
    private static final Set<String> CLUSTER_KINDS = Set.of("namespace", "namespaces", "ns", "node", "nodes", "no", "pv",
            "persistentvolume", "persistentvolumes", "crd", "crds", "customresourcedefinition", "customresourcedefinitions",
            "clusterrole", "clusterroles", "clusterrolebinding", "clusterrolebindings", "storageclass", "storageclasses", "sc");
    private static final Set<String> KUBE_READ = Set.of("get", "describe", "logs", "top", "explain", "api-resources",
            "api-versions", "version", "cluster-info", "diff", "events", "wait", "auth", "completion", "kustomize", "plugin");
    private static final Set<String> DOCKER_READ = Set.of("ps", "images", "logs", "inspect", "version", "info", "history",
            "top", "stats", "port", "diff", "search", "events", "ls");

    private InfraRules() {}

    static void register(Map<String, Rule> rules) {
        rules.put("terraform", InfraRules::terraform);
        rules.put("tofu", InfraRules::terraform);
        rules.put("kubectl", InfraRules::kubectl);
        rules.put("oc", InfraRules::kubectl);
        rules.put("helm", InfraRules::helm);
        rules.put("docker", InfraRules::docker);
        rules.put("podman", InfraRules::docker);
        for (String n : List.of("aws", "gcloud", "az", "doctl", "pulumi", "ansible-playbook", "ansible", "eksctl")) {
            rules.put(n, InfraRules::cloud);
        }
    }

    private static Data terraform(Invocation inv, Analysis a) {
        String sub = Flags.subcommand(inv.args());
        String label = inv.label(sub);
        if (sub == null) {
            a.risk(RiskTier.SAFE, label, "prints help");
        } else if (sub.equals("destroy") || (sub.equals("apply") && Flags.any(inv.args(), "-destroy", "--destroy"))) {
            a.risk(RiskTier.CRITICAL, label, "infrastructure destroy");
        } else if (sub.equals("apply") || sub.equals("import") || sub.equals("taint") || sub.equals("untaint") || sub.equals("force-unlock")) {
            a.risk(RiskTier.DESTRUCTIVE, label, "changes infrastructure");
        } else if (sub.equals("state")) {
            boolean read = Flags.any(inv.args(), "list", "show", "pull");
            a.risk(read ? RiskTier.SAFE : RiskTier.DESTRUCTIVE, label, read ? "reads state" : "changes state");
        } else if (sub.equals("workspace")) {
            boolean del = Flags.any(inv.args(), "delete");
            a.risk(del ? RiskTier.DESTRUCTIVE : RiskTier.MODERATE, label, del ? "deletes a workspace" : "workspace");
        } else if (sub.equals("show") || sub.equals("output") || sub.equals("version") || sub.equals("providers") || sub.equals("graph")) {
            a.risk(RiskTier.SAFE, label, "reads");
        } else {
            a.risk(RiskTier.MODERATE, label, "plans or prepares");
        }
        return Analysis.opaque(inv.name());
    }

    private static Data kubectl(Invocation inv, Analysis a) {
        String sub = Flags.subcommand(inv.args());
        String label = inv.label(sub);
        if (sub == null) {
            a.risk(RiskTier.SAFE, label, "prints help");
        } else if (sub.equals("delete")) {
            boolean all = Flags.any(inv.args(), "--all", "-A", "--all-namespaces");
            boolean clusterKind = false;
            for (Arg arg : inv.args()) {
                String v = arg.value();
                if (v == null) continue;
                String kind = v.contains("/") ? v.substring(0, v.indexOf('/')) : v;
                for (String k : kind.split(",")) if (CLUSTER_KINDS.contains(k)) clusterKind = true;
            }
            if (all || clusterKind) {
                a.risk(RiskTier.CRITICAL, label, "cluster-wide delete");
            } else {
                a.risk(RiskTier.DESTRUCTIVE, label, "deletes cluster resources");
            }
        } else if (KUBE_READ.contains(sub) || (sub.equals("config") && Flags.any(inv.args(), "view", "get-contexts", "current-context"))) {
            a.risk(RiskTier.SAFE, label, "reads the cluster");
        } else if (sub.equals("config")) {
            a.risk(RiskTier.MODERATE, label, "changes client configuration");
        } else if (sub.equals("drain")) {
            a.risk(RiskTier.CRITICAL, label, "evicts every pod from a node");
        } else {
            a.risk(RiskTier.DESTRUCTIVE, label, "changes or runs code in the cluster");
        }
        return Analysis.opaque(inv.name());
    }

    private static Data helm(Invocation inv, Analysis a) {
        String sub = Flags.subcommand(inv.args());
        String label = inv.label(sub);
        if (sub == null || Set.of("list", "ls", "status", "get", "history", "template", "show", "search", "version", "lint", "env", "inspect").contains(sub)) {
            a.risk(RiskTier.SAFE, label, "reads releases or charts");
        } else if (Set.of("uninstall", "delete", "del", "un").contains(sub)) {
            a.risk(RiskTier.DESTRUCTIVE, label, "uninstalls a release");
        } else if (sub.equals("repo") && !Flags.any(inv.args(), "remove", "rm")) {
            a.risk(RiskTier.MODERATE, label, "changes chart repositories");
        } else {
            a.risk(RiskTier.DESTRUCTIVE, label, "installs, upgrades or rolls back a release");
        }
        return Analysis.opaque(inv.name());
    }

    private static Data docker(Invocation inv, Analysis a) {
        String sub = Flags.subcommand(inv.args());
        String label = inv.label(sub);
        List<Arg> args = inv.args();
        if (sub == null || DOCKER_READ.contains(sub)) {
            a.risk(RiskTier.SAFE, label, "reads containers or images");
            return Analysis.opaque(inv.name());
        }
        if (sub.equals("run") || sub.equals("create") || sub.equals("exec")) {
            boolean escape = Flags.any(args, "--privileged", "--pid=host", "--net=host", "--network=host");
            for (int i = 0; i < args.size(); i++) {
                String v = args.get(i).value();
                String mount = v != null && (v.equals("-v") || v.equals("--volume")) && i + 1 < args.size() ? args.get(i + 1).value()
                        : v != null && v.startsWith("--volume=") ? v.substring(9) : v != null && v.startsWith("-v") && v.length() > 2 ? v.substring(2) : null;
                if (mount != null && (mount.startsWith("/:") || mount.startsWith("/etc") || mount.startsWith("/var/run/docker.sock"))) escape = true;
            }
            a.risk(escape ? RiskTier.CRITICAL : RiskTier.DESTRUCTIVE, label, escape ? "runs a container with host access" : "runs code in a container");
        } else if (sub.equals("build") || sub.equals("pull") || sub.equals("tag") || sub.equals("start") || sub.equals("login")) {
            a.risk(RiskTier.MODERATE, label, "builds or fetches images");
        } else {
            a.risk(RiskTier.DESTRUCTIVE, label, "removes, stops or publishes containers or images");
        }
        return Analysis.opaque(inv.name());
    }

    private static Data cloud(Invocation inv, Analysis a) {
        boolean delete = false;
        boolean read = false;
        boolean recursive = Flags.any(inv.args(), "--recursive", "--force");
        for (Arg arg : inv.args()) {
            String v = arg.value();
            if (v == null || v.startsWith("-")) continue;
            if (v.contains("delete") || v.contains("remove") || v.equals("rm") || v.equals("rb") || v.contains("terminate")
                    || v.contains("destroy") || v.contains("purge")) delete = true;
            if (v.startsWith("describe") || v.startsWith("list") || v.startsWith("get") || v.equals("ls") || v.equals("show")) read = true;
        }
        if (delete) {
            a.risk(recursive ? RiskTier.CRITICAL : RiskTier.DESTRUCTIVE, inv.name(), recursive ? "recursive cloud delete" : "deletes cloud resources");
        } else if (read) {
            a.risk(RiskTier.SAFE, inv.name(), "reads cloud resources");
        } else {
            a.risk(RiskTier.DESTRUCTIVE, inv.name(), "changes cloud resources");
        }
        return Analysis.opaque(inv.name());
    }
}
