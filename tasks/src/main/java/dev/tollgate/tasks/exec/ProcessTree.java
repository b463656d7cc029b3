package dev.tollgate.tasks.exec;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts a command as the leader of its own process group and kills that group with everything
 * it spawned.
 *
 * <p>Why a group: {@code sleep 300 &} inside a step is a child of bash that no Java API tracks
 * once bash has exited (it is re-parented to init), and it keeps the output pipes open. Started
 * through {@code setsid}, bash becomes a session and group leader whose id is its pid, and the
 * children it forks stay in that group unless they leave it on purpose; {@code kill -KILL -- -PGID}
 * then reaches them all at once, even after bash itself is gone. Linux does not reuse a pid while
 * a group of that id still has members, so the signal cannot reach a stranger.
 *
 * <p>Belt and braces, for children that left the group ({@code setsid} inside the command): while
 * the main process is still alive, {@link ProcessHandle#descendants()} is walked and each one is
 * destroyed. A process that both left the group and was orphaned (a double fork into a new
 * session) escapes both; the runner bounds how long it waits for the pipes, so it still cannot
 * hang a step.
 *
 * <p>Without {@code setsid} (not util-linux), commands run in the gateway's own group, which must
 * never be signalled: only the descendants walk is done, so a background child outlives its step.
 */
final class ProcessTree {
    private static final List<Path> SETSID_CANDIDATES = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));

    private final Path shell;
    private final Path setsid; // null when not installed

    ProcessTree(Path shell, Path setsid) {
        this.shell = shell;
        this.setsid = setsid;
    }

    static Path findSetsid() {
        for (Path p : SETSID_CANDIDATES) if (Files.isExecutable(p)) return p;
        return null;
    }

    Path shell() { return shell; }

    boolean ownGroup() { return setsid != null; }

    /**
     * The argv. util-linux setsid execs its argument in place (it forks only when already a group
     * leader, which a freshly spawned child never is), so the pid Java sees is bash's and is the
     * group id.
     */
    List<String> argv(String command) {
        List<String> argv = new ArrayList<>();
        if (setsid != null) argv.add(setsid.toString());
        argv.add(shell.toString());
        argv.add("-c");
        argv.add(command);
        return argv;
    }

    /** Kills the main process, its group and every descendant still attached to it. */
    void killAll(Process p) {
        // Snapshot first: once the main process dies its children are re-parented and no longer descendants.
        List<ProcessHandle> descendants = p.descendants().toList();
        killGroup(p.pid());
        descendants.forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    /** After the main process exited by itself: whatever it left running in its group goes too. */
    void killLeftovers(Process p) {
        killGroup(p.pid());
    }

    private void killGroup(long pgid) {
        if (setsid == null) return; // not our group: never signal it
        // Java cannot signal a process group; the shell's kill builtin can. The helper gets an empty
        // environment too, and its pgid argument is a number, never text from the command.
        ProcessBuilder pb = new ProcessBuilder(shell.toString(), "-c", "kill -KILL -- -" + pgid + " 2>/dev/null")
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear();
        try {
            Process k = pb.start();
            if (!k.waitFor(5, TimeUnit.SECONDS)) k.destroyForcibly();
        } catch (IOException e) {
            // Nothing more to try: the descendants walk (on timeout) is the fallback.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
