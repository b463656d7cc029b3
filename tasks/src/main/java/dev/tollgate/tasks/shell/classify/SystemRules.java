package dev.tollgate.tasks.shell.classify;

import dev.tollgate.tasks.policy.RiskTier;
import java.util.List;
import java.util.Map;

/** Processes, services, accounts and the machine itself. */
final class SystemRules {
    private SystemRules() {}

    static void register(Map<String, Rule> rules) {
        for (String n : List.of("kill", "pkill", "killall", "xkill")) {
            rules.put(n, RuleTable.fixed(RiskTier.DESTRUCTIVE, "terminates processes"));
        }
        for (String n : List.of("shutdown", "reboot", "halt", "poweroff", "init", "telinit")) {
            rules.put(n, RuleTable.fixed(RiskTier.CRITICAL, "stops or restarts the machine"));
        }
        for (String n : List.of("useradd", "userdel", "usermod", "groupadd", "groupdel", "groupmod", "passwd", "chpasswd",
                "visudo", "adduser", "deluser", "vipw")) {
            rules.put(n, RuleTable.fixed(RiskTier.CRITICAL, "changes system accounts"));
        }
        for (String n : List.of("mount", "umount", "swapon", "swapoff", "losetup", "iptables", "ip6tables", "nft", "ufw",
                "sysctl", "modprobe", "insmod", "rmmod", "update-grub", "grub-install")) {
            rules.put(n, RuleTable.fixed(RiskTier.CRITICAL, "changes the system configuration"));
        }
        rules.put("systemctl", (inv, a) -> {
            String sub = Flags.subcommand(inv.args());
            if (sub == null || sub.startsWith("list") || sub.equals("status") || sub.equals("show") || sub.startsWith("is-") || sub.equals("cat")) {
                a.risk(RiskTier.SAFE, inv.label(sub), "reads service state");
            } else if (sub.equals("reboot") || sub.equals("poweroff") || sub.equals("halt") || sub.equals("kexec") || sub.equals("isolate")) {
                a.risk(RiskTier.CRITICAL, inv.label(sub), "stops or restarts the machine");
            } else {
                a.risk(RiskTier.DESTRUCTIVE, inv.label(sub), "changes services");
            }
            return Analysis.opaque("systemctl");
        });
        rules.put("service", RuleTable.fixed(RiskTier.DESTRUCTIVE, "changes services"));
        rules.put("crontab", (inv, a) -> {
            boolean list = Flags.has(inv.args(), "l", "--list");
            a.risk(list ? RiskTier.SAFE : RiskTier.DESTRUCTIVE, inv.label(), list ? "lists the crontab" : "replaces or removes the crontab");
            return Analysis.opaque("crontab");
        });
        for (String n : List.of("vi", "vim", "nvim", "nano", "emacs", "ed", "ex", "pico", "joe", "man", "info")) {
            rules.put(n, (inv, a) -> {
                a.block(BlockCode.NOT_ANALYSABLE, inv.name() + ": interactive program that can run commands");
                return Analysis.opaque(inv.name());
            });
        }
    }
}
