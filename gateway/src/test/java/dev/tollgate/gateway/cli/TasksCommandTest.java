package dev.tollgate.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The task-channel commands: --help on each, and what tasks/actions/wallets send to the server. */
class TasksCommandTest {
    private static final String KEY = "gate_admin_0123456789abcdef";
    private static final List<String> SERVER = List.of("--server", "--key", "--data-dir", "--config");
    @TempDir Path cwd;

    static Stream<Arguments> commands() {
        return Stream.of(
                Arguments.of("", List.of("tasks", "actions", "wallets", "shell", "files")),
                Arguments.of("tasks", List.of("list", "show")),
                Arguments.of("tasks list", concat(SERVER, "--status", "--limit")),
                Arguments.of("tasks show", concat(SERVER, "ID")),
                Arguments.of("actions", List.of("list", "approve", "deny")),
                Arguments.of("actions list", concat(SERVER, "--status")),
                Arguments.of("actions approve", concat(SERVER, "ID", "--digest")),
                Arguments.of("actions deny", concat(SERVER, "ID", "--reason")),
                Arguments.of("wallets", List.of("list", "credit")),
                Arguments.of("wallets list", SERVER),
                Arguments.of("wallets credit", concat(SERVER, "SCOPE", "ID", "AMOUNT")),
                Arguments.of("shell", List.of("check")),
                Arguments.of("shell check", List.of("--gateway-config", "--cwd", "--config", "COMMAND")),
                Arguments.of("files", List.of("check")),
                Arguments.of("files check", List.of("--gateway-config", "--op", "--cwd", "--config", "PATH")));
    }

    private static List<String> concat(List<String> a, String... b) {
        return Stream.concat(a.stream(), Stream.of(b)).toList();
    }

    @ParameterizedTest(name = "tollgate {0} --help")
    @MethodSource("commands")
    void helpWorksAndListsTheOptions(String command, List<String> expected) {
        String[] args = Stream.concat(Stream.of(command.split(" ")).filter(s -> !s.isEmpty()), Stream.of("--help"))
                .toArray(String[]::new);
        CliRun r = CliRun.run(cwd, args);
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().startsWith("Usage: tollgate" + (command.isEmpty() ? "" : " " + command)), r.out());
        for (String option : expected) assertTrue(r.out().contains(option), option + " missing from\n" + r.out());
    }

    private CliRun run(String... args) { return CliRun.run(Map.of(), cwd, Plugins.of(Map.of()), args); }

    @Test void tasksListAndShowCallTheApi() throws IOException {
        try (TestApiServer s = new TestApiServer(r -> new TestApiServer.Response(200, r.uri().startsWith("/v1/tasks?")
                ? """
                  {"tasks":[{"task_id":"tsk_1","status":"running","agent_id":"agt_1","identity_context":{"user_id":"u1"},
                  "created_at":"2026-01-01T00:00:00Z","steps":[{"status":"completed"},{"status":"pending_approval"}]}],"count":1}"""
                : "{\"task_id\":\"tsk_1\",\"steps\":[]}"))) {
            CliRun list = run("tasks", "list", "--server", s.url(), "--key", KEY, "--status", "running");
            assertEquals(0, list.exit(), list.toString());
            assertEquals("/v1/tasks?status=running", s.requests.get(0).uri());
            assertTrue(list.out().lines().anyMatch(l -> l.matches("tsk_1\\s+running\\s+agt_1\\s+u1\\s+2\\s+1\\s+.*")), list.out());
            CliRun show = run("tasks", "show", "--server", s.url(), "--key", KEY, "tsk_1");
            assertEquals(0, show.exit(), show.toString());
            assertEquals("/v1/tasks/tsk_1", s.requests.get(1).uri());
            assertTrue(show.out().contains("\"task_id\" : \"tsk_1\""), show.out());
        }
    }

    @Test void actionsListDefaultsToPendingAndDenySendsTheReason() throws IOException {
        try (TestApiServer s = new TestApiServer(r -> new TestApiServer.Response(200, r.uri().startsWith("/v1/actions?")
                ? "{\"actions\":[{\"action_id\":\"act_1\",\"status\":\"pending\",\"preview\":\"rm\\n-rf x\"}],\"count\":1}"
                : "{\"action_id\":\"act_1\",\"status\":\"denied\"}"))) {
            CliRun list = run("actions", "list", "--server", s.url(), "--key", KEY);
            assertEquals(0, list.exit(), list.toString());
            assertEquals("/v1/actions?status=pending", s.requests.get(0).uri());
            assertTrue(list.out().contains("rm -rf x"), "previews are shown on one line: " + list.out());
            CliRun deny = run("actions", "deny", "--server", s.url(), "--key", KEY, "act_1", "--reason", "no");
            assertEquals(0, deny.exit(), deny.toString());
            assertEquals("/v1/actions/act_1/deny", s.requests.get(1).uri());
            assertEquals("{\"reason\":\"no\"}", s.requests.get(1).body());
            assertTrue(deny.out().contains("act_1: denied"), deny.out());
        }
    }

    @Test void anApproveWithADigestSendsItWithoutFetching() throws IOException {
        try (TestApiServer s = new TestApiServer(r -> new TestApiServer.Response(200,
                "{\"action_id\":\"act_1\",\"status\":\"approved\",\"step_id\":\"stp_1\"}"))) {
            CliRun r = run("actions", "approve", "--server", s.url(), "--key", KEY, "act_1", "--digest", "ab12");
            assertEquals(0, r.exit(), r.toString());
            assertEquals(1, s.requests.size());
            assertEquals("/v1/actions/act_1/approve", s.only().uri());
            assertEquals("{\"command_digest\":\"ab12\"}", s.only().body());
            assertTrue(r.out().contains("act_1: approved (step stp_1)"), r.out());
        }
    }

    @Test void walletsListAndCredit() throws IOException {
        try (TestApiServer s = new TestApiServer(r -> new TestApiServer.Response(200, r.method().equals("GET")
                ? "{\"wallets\":[{\"scope\":\"user\",\"id\":\"u1\",\"balance\":42,\"updated_at\":\"t\"}],\"count\":1}"
                : "{\"wallet\":{\"scope\":\"team\",\"id\":\"t 1\",\"balance\":50},\"resumed\":[{}]}"))) {
            CliRun list = run("wallets", "list", "--server", s.url(), "--key", KEY);
            assertEquals(0, list.exit(), list.toString());
            assertTrue(list.out().lines().anyMatch(l -> l.matches("user\\s+u1\\s+42\\s+t")), list.out());
            CliRun credit = run("wallets", "credit", "--server", s.url(), "--key", KEY, "team", "t 1", "50");
            assertEquals(0, credit.exit(), credit.toString());
            assertEquals("/v1/wallets/team/t%201/credit", s.requests.get(1).uri());
            assertEquals("{\"amount\":50}", s.requests.get(1).body());
            assertTrue(credit.out().contains("team/t 1: balance 50 (1 held step(s) resumed)"), credit.out());
            assertEquals(2, run("wallets", "credit", "--server", s.url(), "--key", KEY, "galaxy", "x", "5").exit());
            assertEquals(2, run("wallets", "credit", "--server", s.url(), "--key", KEY, "user", "x", "many").exit());
            assertEquals(2, s.requests.size(), "refused before any request");
        }
    }
}
