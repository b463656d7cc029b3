package dev.tollgate.tasks.channel;

import dev.tollgate.tasks.config.HostedGatewayConfig;
import dev.tollgate.tasks.config.HostedGatewayConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A gateway configuration over two real roots in a temp dir: {@code ro} (read_only) and {@code rw} (read_write). */
final class ChannelFixture {
    final Path ro;
    final Path rw;

    ChannelFixture(Path tmp) throws IOException {
        Path base = tmp.toRealPath();
        ro = Files.createDirectories(base.resolve("ro"));
        rw = Files.createDirectories(base.resolve("rw"));
        Files.writeString(ro.resolve("readme.txt"), "hello\nworld\n");
        Files.writeString(ro.resolve(".env"), "SECRET=1\n");
        Files.writeString(rw.resolve("notes.txt"), "old\n");
    }

    String yaml(boolean enabled, String extraLocal, String extraShell, String wallets) {
        return """
                hosted_gateway:
                  gateway_id: gw-test
                  local_access:
                    enabled: %s
                    allowed_roots:
                      - {path: %s, mode: read_only}
                      - {path: %s, mode: read_write}
                    max_file_bytes: 4096
                    exclude_globs: ["**/.env", "**/secrets/**"]
                    allowed_commands: [ls, cat, echo, printenv, env, rm, sleep, git, mkdir, touch, "true", "false"]
                    blocked_commands: [sudo]
                    approval_required_risk_levels: [destructive, critical]
                %s
                  shell:
                    approval_timeout_seconds: 300
                    command_timeout_seconds: 20
                    max_output_bytes: 4096
                    env: {PATH: /usr/local/bin:/usr/bin:/bin, LANG: C.UTF-8, MARKER: from-config}
                %s
                %s
                """.formatted(enabled, ro, rw, extraLocal == null ? "" : extraLocal, extraShell == null ? "" : extraShell,
                wallets == null ? "" : wallets);
    }

    HostedGatewayConfig config(boolean enabled) { return parse(yaml(enabled, null, null, null)); }

    static HostedGatewayConfig parse(String yaml) { return HostedGatewayConfigLoader.parse("gateway.yaml", yaml); }
}
