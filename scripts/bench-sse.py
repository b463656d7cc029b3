#!/usr/bin/env python3
"""SSE through the proxy: first-event latency direct vs through Tollgate (target: within 5 ms of
direct), whether events are passed on unbuffered, and the Tollgate process's CPU time per request.

    scripts/bench-sse.py [--trials 200] [--warmup 1000] [--delay-ms 0] [--interval-ms 100] ...

What it does (everything on loopback, bounded in count and time):
  * starts an upstream SSE server in its own process (asyncio): GET /events answers 200,
    Content-Type: text/event-stream, Cache-Control: no-cache, no Content-Length (chunked, or
    connection-delimited with --framing close); the first event follows the headers after
    --delay-ms (server side), then --events - 1 more events every --interval-ms, then the
    response ends. Query parameters count=N and interval_ms=M override the defaults per request.
  * starts Tollgate (gateway/target/tollgate.jar; built with scripts/tollgate version if missing)
    with a temp data dir, a destinations.yaml sending 127.0.0.1 to the built-in `allow` policy
    (so every proxied request is a durable intent, committed before it is forwarded),
    --allow-private 127.0.0.0/8, --proxy-auth optional and log level warn (tollgate.yaml).
  * phase 1, new connection per trial: --warmup then --trials pairs, interleaved direct, proxied,
    direct, proxied ... (ABAB, so drift on the noisy machine affects both alike). Each trial
    connects (raw socket, TCP_NODELAY), sends GET /events (origin-form direct, absolute-form
    "GET http://127.0.0.1:PORT/events HTTP/1.1" through the proxy) and times from the send of
    the request to the receipt of the first complete event ("...\\n\\n" of the decoded body).
    It then waits for the second event: second minus first arrival must equal the server's
    interval (+- --tolerance-ms), otherwise the proxy buffers (events arriving together).
  * phase 2, keep-alive (skip with --no-keepalive; needs chunked framing): one persistent
    connection direct and one through the proxy, same ABAB, GET /events?count=1 read to the
    end of the response each trial; timing as above.
  * Tollgate's CPU time (/proc/PID/stat utime+stime, the whole JVM) is read before and after the
    measured trials of each phase and printed per proxied request; an idle sample (--idle-s)
    gives the background rate, so a "minus idle" figure is printed too.
  * the intents created are counted via the admin API GET /v1/metrics (actions_attempted).

Verdict: PASS when median(proxied) - median(direct) <= --target-ms (default 5) for the
first-event latency of phase 1 (new connection per trial); p99 and the keep-alive phase are
reported beside it, not judged. A FAIL verdict does not make the exit status non-zero; errors
(failed trials, Tollgate not starting, runtime cap hit) do: exit 1.

Bounds: per-trial timeout (--trial-timeout-s), total runtime cap (--max-seconds, default 300;
trials stop there and what was measured is reported), Tollgate readiness within 60 s. The
processes it starts run in their own sessions and are stopped by PID (process group); the temp
dir (data, intents, server.log) is removed at the end unless --keep.
"""
import argparse, asyncio, json, math, os, shutil, signal, socket, statistics, subprocess, sys, tempfile
import time, urllib.parse, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAR = os.path.join(ROOT, "gateway", "target", "tollgate.jar")
CLK_TCK = os.sysconf("SC_CLK_TCK")


# ---------------------------------------------------------------- upstream SSE server (own process)

async def serve_upstream(port, delay_ms, interval_ms, count, framing):
    async def handle(reader, writer):
        sock = writer.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                line = head.split(b"\r\n", 1)[0].decode("latin-1").split(" ")
                target = line[1] if len(line) > 1 else "/"
                url = urllib.parse.urlsplit(target)
                q = urllib.parse.parse_qs(url.query)
                n = max(1, min(100, int(q.get("count", [count])[0])))
                iv = max(0, min(10000, int(q.get("interval_ms", [interval_ms])[0])))
                if url.path != "/events":
                    writer.write(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
                    await writer.drain()
                    continue
                chunked = framing == "chunked"
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
                             + (b"Transfer-Encoding: chunked\r\n" if chunked else b"Connection: close\r\n") + b"\r\n")
                await writer.drain()
                if delay_ms:
                    await asyncio.sleep(delay_ms / 1000)
                for i in range(1, n + 1):
                    if i > 1:
                        await asyncio.sleep(iv / 1000)
                    ev = f"id: {i}\nevent: tick\ndata: {{\"n\":{i},\"of\":{n}}}\n\n".encode()
                    writer.write(b"%x\r\n%s\r\n" % (len(ev), ev) if chunked else ev)
                    await writer.drain()
                if not chunked:
                    break
                writer.write(b"0\r\n\r\n")
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, ValueError):
            pass
        finally:
            writer.close()
    server = await asyncio.start_server(handle, "127.0.0.1", port, backlog=1024)
    async with server:
        await server.serve_forever()


# ---------------------------------------------------------------- client (raw sockets)

class TrialError(Exception):
    pass


class Response:
    """Incremental HTTP/1.1 response reader over a blocking socket: head, then the decoded body
    (chunked, Content-Length or connection-delimited), split into SSE events at a blank line.
    Each event is stamped with the perf_counter_ns of the recv() that completed it."""

    def __init__(self, sock, deadline):
        self.sock, self.deadline = sock, deadline
        self.raw = bytearray()
        self.body = bytearray()
        self.t_recv = 0
        self.eof = False
        self.done = False
        self.status, self.headers, self.framing = None, {}, None
        self.chunk_left = None  # bytes left in the current chunk; None = expecting a size line
        self.length_left = 0

    def _fill(self):
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TrialError("timeout")
        self.sock.settimeout(left)
        try:
            data = self.sock.recv(65536)
        except socket.timeout:
            raise TrialError("timeout")
        except OSError as e:
            raise TrialError(type(e).__name__)
        self.t_recv = time.perf_counter_ns()
        if not data:
            self.eof = True
        self.raw += data

    def read_head(self):
        while b"\r\n\r\n" not in self.raw:
            if self.eof:
                raise TrialError("closed before response head")
            self._fill()
        head, _, rest = bytes(self.raw).partition(b"\r\n\r\n")
        self.raw = bytearray(rest)
        lines = head.decode("latin-1").split("\r\n")
        self.status = int(lines[0].split(" ")[1])
        for l in lines[1:]:
            k, _, v = l.partition(":")
            self.headers[k.strip().lower()] = v.strip()
        if "chunked" in self.headers.get("transfer-encoding", "").lower():
            self.framing = "chunked"
        elif "content-length" in self.headers:
            self.framing, self.length_left = "length", int(self.headers["content-length"])
            self.done = self.length_left == 0
        else:
            self.framing = "close"
        self._decode()

    def _decode(self):
        if self.framing == "close":
            self.body += self.raw; self.raw.clear()
            self.done = self.eof
        elif self.framing == "length":
            take = bytes(self.raw[:self.length_left]); del self.raw[:len(take)]
            self.body += take; self.length_left -= len(take)
            self.done = self.length_left == 0
        else:
            while not self.done:
                if self.chunk_left is None:
                    i = self.raw.find(b"\r\n")
                    if i < 0:
                        return
                    size = int(bytes(self.raw[:i]).split(b";")[0].strip() or b"0", 16)
                    del self.raw[:i + 2]
                    self.chunk_left = size
                    if size == 0:
                        self.chunk_left = -1  # trailers: wait for the empty line
                if self.chunk_left == -1:
                    i = self.raw.find(b"\r\n")
                    if i < 0:
                        return
                    line = bytes(self.raw[:i]); del self.raw[:i + 2]
                    if not line:
                        self.done = True
                    continue
                if self.chunk_left > 0:
                    take = bytes(self.raw[:self.chunk_left]); del self.raw[:len(take)]
                    self.body += take; self.chunk_left -= len(take)
                if self.chunk_left == 0:
                    if len(self.raw) < 2:
                        return
                    del self.raw[:2]
                    self.chunk_left = None

    def next_event(self):
        """(event bytes, arrival ns), or None at the end of the response."""
        while True:
            body = bytes(self.body)
            for sep in (b"\n\n", b"\r\n\r\n"):
                i = body.find(sep)
                if i >= 0:
                    del self.body[:i + len(sep)]
                    return body[:i], self.t_recv
            if self.done:
                return None
            if self.eof:
                raise TrialError(f"connection closed mid-response ({self.framing})")
            self._fill()
            self._decode()

    def drain(self):
        while not self.done:
            if self.eof:
                raise TrialError("connection closed mid-response")
            self._fill()
            self._decode()


def connect(port, deadline):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    s.settimeout(max(0.001, deadline - time.monotonic()))
    try:
        s.connect(("127.0.0.1", port))
    except OSError as e:
        s.close()
        raise TrialError("connect: " + type(e).__name__)
    return s


def request_bytes(up_port, proxied, query="", keepalive=False):
    target = f"/events{query}"
    if proxied:
        target = f"http://127.0.0.1:{up_port}{target}"
    return (f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{up_port}\r\nAccept: text/event-stream\r\n"
            f"Cache-Control: no-cache\r\n" + ("" if keepalive else "Connection: close\r\n") + "\r\n").encode()


def check_first(resp, ev):
    if resp.status != 200:
        raise TrialError(f"status {resp.status}")
    if ev is None:
        raise TrialError("response ended without an event")
    if b"id: 1\n" not in ev[0] + b"\n":
        raise TrialError("first event is not id 1: " + ev[0][:60].decode("latin-1"))


def trial_new_connection(port, up_port, proxied, timeout, want_second):
    """One request on a fresh connection: (first-event ns, second-minus-first ns or None,
    connect ns, response head)."""
    deadline = time.monotonic() + timeout
    c0 = time.perf_counter_ns()
    s = connect(port, deadline)
    try:
        t0 = time.perf_counter_ns()
        s.sendall(request_bytes(up_port, proxied))
        resp = Response(s, deadline)
        resp.read_head()
        ev = resp.next_event()
        check_first(resp, ev)
        first = ev[1] - t0
        gap = None
        if want_second:
            ev2 = resp.next_event()
            if ev2 is None:
                raise TrialError("no second event (use --events >= 2)")
            gap = ev2[1] - ev[1]
        return first, gap, t0 - c0, resp
    finally:
        s.close()


class KeepAlive:
    """One persistent connection; reconnects (untimed, counted) when the other side closed it."""

    def __init__(self, port, up_port, proxied):
        self.port, self.up_port, self.proxied = port, up_port, proxied
        self.sock, self.reconnects, self.connects = None, 0, 0

    def trial(self, timeout):
        deadline = time.monotonic() + timeout
        for attempt in (0, 1):
            if self.sock is None:
                self.sock = connect(self.port, deadline)
                self.connects += 1
                if self.connects > 1:
                    self.reconnects += 1
            reused = self.connects > 0 and attempt == 0
            try:
                t0 = time.perf_counter_ns()
                self.sock.sendall(request_bytes(self.up_port, self.proxied, "?count=1", keepalive=True))
                resp = Response(self.sock, deadline)
                resp.read_head()
            except (TrialError, OSError) as e:
                self.close()
                if attempt == 0 and reused and time.monotonic() < deadline:
                    continue  # stale keep-alive connection: retry once on a new one
                raise TrialError(str(e) or type(e).__name__)
            break
        try:
            ev = resp.next_event()
            check_first(resp, ev)
            resp.drain()
        except Exception:
            self.close()
            raise
        if resp.framing == "close" or "close" in resp.headers.get("connection", "").lower():
            self.close()
        return ev[1] - t0, resp

    def close(self):
        if self.sock is not None:
            self.sock.close()
            self.sock = None


# ---------------------------------------------------------------- helpers

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0)); return s.getsockname()[1]


def cpu_ms(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000.0 / CLK_TCK  # utime, stime (fields 14, 15)


def pct(xs, q):
    s = sorted(xs)
    return s[max(0, min(len(s) - 1, math.ceil(q * len(s)) - 1))]


def summary(xs):
    return {"n": len(xs), "p50": pct(xs, .5), "p90": pct(xs, .9), "p99": pct(xs, .99), "max": max(xs)}


def fmt_row(name, xs):
    s = summary(xs)
    return f"  {name:<9} n={s['n']:<5} p50 {s['p50']:8.3f}  p90 {s['p90']:8.3f}  p99 {s['p99']:8.3f}  max {s['max']:8.3f} ms"


def api(base, key, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method,
                                 headers={"Authorization": "Bearer " + key, "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read())


def intents_attempted(base, key):
    try:
        m = api(base, key, "GET", "/v1/metrics")
        m = m.get("data", m) if isinstance(m, dict) else m
        return int(m["actions_attempted"])
    except Exception:
        return None


def stop(proc, grace=15):
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(5)
    except ProcessLookupError:
        pass


class Cap(Exception):
    pass


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--trials", type=int, default=200, help="measured trials per side and phase (default 200, max 5000)")
    ap.add_argument("--warmup", type=int, default=1000,
                    help="warm-up trials per side before each phase (default 1000, max 1000): a JIT needs them; "
                         "with 50 the proxied figures measured the interpreter (+4 ms instead of +1.3 ms)")
    ap.add_argument("--delay-ms", type=int, default=0, help="server-side delay before the first event (default 0, max 10000)")
    ap.add_argument("--interval-ms", type=int, default=100, help="server-side interval between events (default 100)")
    ap.add_argument("--events", type=int, default=4, help="events per /events response (default 4, 2..100)")
    ap.add_argument("--tolerance-ms", type=float, default=20, help="allowed deviation of the proxied 2nd-1st event gap "
                    "from --interval-ms (default 20)")
    ap.add_argument("--target-ms", type=float, default=5, help="allowed p50 difference proxied - direct (default 5)")
    ap.add_argument("--framing", choices=["chunked", "close"], default="chunked",
                    help="upstream body framing: chunked (default) or connection-delimited (implies --no-keepalive)")
    ap.add_argument("--no-keepalive", action="store_true", help="skip phase 2 (keep-alive connections)")
    ap.add_argument("--no-interval", action="store_true", help="do not wait for the second event (no buffering check; faster)")
    ap.add_argument("--idle-s", type=float, default=2, help="seconds of idle Tollgate CPU sampling (default 2, 0 = skip)")
    ap.add_argument("--trial-timeout-s", type=float, default=5, help="per-trial timeout (default 5)")
    ap.add_argument("--max-seconds", type=float, default=300, help="total runtime cap (default 300, max 1800)")
    ap.add_argument("--java-opts", default="-Xms64m -Xmx512m", help="JVM options for Tollgate (default as bench-proxy.sh)")
    ap.add_argument("--keep", action="store_true", help="keep the temp dir (data dir with the intents, server.log)")
    ap.add_argument("--serve-upstream", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve_upstream:
        asyncio.run(serve_upstream(args.serve_upstream, args.delay_ms, args.interval_ms, args.events, args.framing))
        return 0
    if not (1 <= args.trials <= 5000 and 0 <= args.warmup <= 1000 and 0 <= args.delay_ms <= 10000
            and 10 <= args.interval_ms <= 5000 and 2 <= args.events <= 100 and 0 < args.max_seconds <= 1800
            and 0 < args.trial_timeout_s <= 60 and 0 <= args.idle_s <= 30):
        ap.error("out of bounds: --trials 1..5000, --warmup 0..1000, --delay-ms 0..10000, --interval-ms 10..5000, "
                 "--events 2..100, --max-seconds <= 1800, --trial-timeout-s <= 60, --idle-s <= 30")
    if args.framing == "close":
        args.no_keepalive = True
    if args.trial_timeout_s * 1000 < args.delay_ms + (0 if args.no_interval else args.interval_ms) + 500:
        args.trial_timeout_s = (args.delay_ms + args.interval_ms) / 1000 + 2
    started = time.monotonic()
    cap_at = started + args.max_seconds

    def on_alarm(*_):
        raise Cap("hard runtime cap")
    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(int(args.max_seconds) + 60)  # backstop beyond the soft cap; cleanup still runs

    per_trial_s = (args.delay_ms + (0 if args.no_interval else args.interval_ms)) / 1000 + 0.003
    est = 2 * (args.trials + args.warmup) * per_trial_s * (1 if args.no_keepalive else 1.2)
    if est > args.max_seconds * 0.8:
        print(f"# warning: estimated {est:.0f} s of trials against a cap of {args.max_seconds:.0f} s", file=sys.stderr)

    if not os.path.exists(JAR):
        subprocess.run([os.path.join(ROOT, "scripts", "tollgate"), "version"], check=True, stdout=subprocess.DEVNULL)

    work = tempfile.mkdtemp(prefix="tollgate-sse.")
    up = server = None
    errors = []
    try:
        up_port, api_port, proxy_port = free_port(), free_port(), free_port()
        up = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--serve-upstream", str(up_port),
                               "--delay-ms", str(args.delay_ms), "--interval-ms", str(args.interval_ms),
                               "--events", str(args.events), "--framing", args.framing], start_new_session=True)
        os.makedirs(os.path.join(work, "policies"))
        with open(os.path.join(work, "destinations.yaml"), "w") as f:
            f.write("destinations:\n  - name: bench.sse\n    match: { host: 127.0.0.1 }\n    policy: allow\n"
                    "default_policy: null\n")
        with open(os.path.join(work, "tollgate.yaml"), "w") as f:
            f.write("log:\n  level: warn\n")
        admin = "gate_admin_" + os.urandom(24).hex()
        env = dict(os.environ, TOLLGATE_ADMIN_KEY=admin)
        cmd = (["java"] + args.java_opts.split() + ["-jar", JAR, "serve", "--config", os.path.join(work, "tollgate.yaml"),
               "--port", str(api_port), "--proxy-port", str(proxy_port), "--data-dir", os.path.join(work, "data"),
               "--policy-dir", os.path.join(work, "policies"), "--destinations", os.path.join(work, "destinations.yaml"),
               "--allow-private", "127.0.0.0/8", "--proxy-auth", "optional"])
        log = open(os.path.join(work, "server.log"), "w")
        server = subprocess.Popen(cmd, env=env, cwd=work, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        base = f"http://127.0.0.1:{api_port}"
        t_launch, ready = time.monotonic(), False
        while time.monotonic() - t_launch < 60:
            if server.poll() is not None:
                break
            try:
                urllib.request.urlopen(base + "/readyz", timeout=1); ready = True; break
            except Exception:
                time.sleep(0.1)
        if not ready:
            with open(os.path.join(work, "server.log")) as f:
                sys.stderr.write(f.read()[-3000:])
            raise SystemExit("tollgate did not become ready (GET /readyz) within 60 s")
        # the upstream is up well before the JVM; check it anyway
        trial_new_connection(up_port, up_port, False, 5, False)

        print(f"# tollgate pid {server.pid} ready {time.monotonic() - t_launch:.1f} s after launch; proxy :{proxy_port}, "
              f"upstream :{up_port} (pid {up.pid}); {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}")
        print(f"# upstream: first event after {args.delay_ms} ms, then {args.events - 1} more every "
              f"{args.interval_ms} ms, framing {args.framing}; {args.warmup} warm-up + {args.trials} measured trials "
              f"per side, interleaved direct/proxied")
        intents0 = intents_attempted(base, admin)

        idle_rates = []

        def sample_idle():
            """Tollgate's background CPU (GC, JIT, timers) while no request is sent, in ms per wall s."""
            if args.idle_s > 0 and time.monotonic() + args.idle_s < cap_at:
                c0, w0 = cpu_ms(server.pid), time.monotonic()
                time.sleep(args.idle_s)
                idle_rates.append((cpu_ms(server.pid) - c0) / (time.monotonic() - w0))

        results = {}
        capped = False
        want_second = not args.no_interval
        warming = False  # warm-up trials skip the wait for the second event: they only feed the JIT

        def run_phase(name, do_trial):
            """ABAB warm-up then measured pairs; returns dict with lists and CPU figures."""
            nonlocal capped
            r = {"direct": [], "proxied": [], "gap_direct": [], "gap_proxied": [], "connect_direct": [],
                 "connect_proxied": [], "paired": [], "errors": {}, "head": None}
            def one(proxied):
                try:
                    return do_trial(proxied)
                except TrialError as e:
                    key = ("proxied " if proxied else "direct ") + str(e)
                    r["errors"][key] = r["errors"].get(key, 0) + 1
                    return None
            nonlocal warming
            warming = True
            for i in range(args.warmup):
                if time.monotonic() > cap_at:
                    capped = True; return r
                one(False); one(True)
            warming = False
            r["errors"].clear()
            if not results:
                sample_idle()  # after the first warm-up, so start-up JIT work is over
            cpu0, w0 = cpu_ms(server.pid), time.monotonic()
            for i in range(args.trials):
                if time.monotonic() > cap_at:
                    capped = True; break
                d, p = one(False), one(True)
                for side, res in (("direct", d), ("proxied", p)):
                    if res is None:
                        continue
                    r[side].append(res[0] / 1e6)
                    if res[1] is not None:
                        r["gap_" + side].append(res[1] / 1e6)
                    if res[2] is not None:
                        r["connect_" + side].append(res[2] / 1e6)
                if d and p:
                    r["paired"].append((p[0] - d[0]) / 1e6)
                if p and r["head"] is None:
                    r["head"] = p[3]
            r["cpu_ms"], r["wall_s"] = cpu_ms(server.pid) - cpu0, time.monotonic() - w0
            results[name] = r
            return r

        def new_conn(proxied):
            first, gap, conn, resp = trial_new_connection(proxy_port if proxied else up_port, up_port, proxied,
                                                          args.trial_timeout_s, want_second and not warming)
            return first, gap, conn, resp

        run_phase("new connection per trial", new_conn)
        if not args.no_keepalive and not capped:
            kd, kp = KeepAlive(up_port, up_port, False), KeepAlive(proxy_port, up_port, True)

            def keep(proxied):
                ka = kp if proxied else kd
                first, resp = ka.trial(args.trial_timeout_s)
                return first, None, None, resp
            try:
                r = run_phase("keep-alive", keep)
                r["reconnects"] = (kd.reconnects, kp.reconnects)
            finally:
                kd.close(); kp.close()
        time.sleep(0.3)  # let the last intents commit before counting
        intents1 = intents_attempted(base, admin)
        sample_idle()
        idle_rate = statistics.mean(idle_rates) if idle_rates else None

        # ------------------------------------------------------------ report
        print()
        verdict = None
        for name, r in results.items():
            print(f"== {name}: time from sending the request to the first complete event (ms)")
            if not r["direct"] or not r["proxied"]:
                print("  no measurements"); errors.append(f"{name}: no measurements"); continue
            print(fmt_row("direct", r["direct"]))
            print(fmt_row("proxied", r["proxied"]))
            sd, sp = summary(r["direct"]), summary(r["proxied"])
            d50, d99 = sp["p50"] - sd["p50"], sp["p99"] - sd["p99"]
            print(f"  difference proxied - direct: p50 {d50:+.3f} ms, p99 {d99:+.3f} ms; "
                  f"paired (same ABAB pair) median {statistics.median(r['paired']):+.3f} ms" if r["paired"] else "")
            if r["connect_proxied"]:
                print(f"  connect() before the send (not in the figures): direct p50 {pct(r['connect_direct'], .5):.3f} ms, "
                      f"proxied p50 {pct(r['connect_proxied'], .5):.3f} ms")
            h = r["head"]
            if h is not None:
                print(f"  proxied response: {h.status}, content-type {h.headers.get('content-type')!r}, "
                      f"cache-control {h.headers.get('cache-control')!r}, framing {h.framing}")
            if "reconnects" in r:
                print(f"  keep-alive reconnects: direct {r['reconnects'][0]}, proxied {r['reconnects'][1]}")
            if r["gap_proxied"]:
                g = r["gap_proxied"]
                lo, hi = args.interval_ms - args.tolerance_ms, args.interval_ms + args.tolerance_ms
                out = sum(1 for x in g if not lo <= x <= hi)
                coalesced = sum(1 for x in g if x < args.interval_ms / 2)
                gp50 = pct(g, .5)
                ok = lo <= gp50 <= hi
                print(f"  2nd - 1st event gap (server interval {args.interval_ms} ms): proxied p50 {gp50:.2f}, "
                      f"min {min(g):.2f}, p99 {pct(g, .99):.2f}, max {max(g):.2f} ms; direct p50 "
                      f"{pct(r['gap_direct'], .5):.2f} ms")
                print(f"  buffering check (proxied gap p50 within {args.interval_ms}+-{args.tolerance_ms:g} ms): "
                      f"{'OK, not buffered' if ok else 'FAIL'}; {out} of {len(g)} trials outside the band, "
                      f"{coalesced} with gap < interval/2 (events arriving together)")
            proxied_n = len(r["proxied"]) + sum(v for k, v in r["errors"].items() if k.startswith("proxied"))
            line = (f"  tollgate CPU over the measured trials: {r['cpu_ms']:.0f} ms in {r['wall_s']:.1f} s wall "
                    f"= {r['cpu_ms'] / proxied_n:.2f} ms per proxied request")
            if idle_rate is not None:
                net = r["cpu_ms"] - idle_rate * r["wall_s"]
                line += (f" ({net / proxied_n:.2f} ms minus the idle background of {idle_rate:.1f} ms/s, sampled "
                         + "/".join(f"{x:.1f}" for x in idle_rates) + ")")
            print(line + f"  [/proc tick {1000 / CLK_TCK:.0f} ms]")
            if r["errors"]:
                print(f"  failed trials: {r['errors']}")
                errors.append(f"{name}: failed trials {r['errors']}")
            if verdict is None:
                verdict = (d50 <= args.target_ms, d50, d99)
        if intents0 is not None and intents1 is not None:
            print(f"\nintents created during the run (GET /v1/metrics actions_attempted): {intents1 - intents0} "
                  f"(total {intents1})")
        else:
            print("\nintents: GET /v1/metrics did not answer as expected")
        if verdict is not None:
            print(f"VERDICT (first-event latency, new connection per trial, p50(proxied) - p50(direct) <= "
                  f"{args.target_ms:g} ms): {'PASS' if verdict[0] else 'FAIL'}  (p50 diff {verdict[1]:+.3f} ms; "
                  f"p99 diff {verdict[2]:+.3f} ms, reported, not judged)")
        if capped:
            errors.append(f"runtime cap of {args.max_seconds:.0f} s reached: trials cut short")
        print(f"# total {time.monotonic() - started:.1f} s; load now {os.getloadavg()[0]:.2f}")
    except Cap as e:
        errors.append(str(e))
    finally:
        signal.alarm(0)
        stop(server)
        stop(up, 5)
        db = os.path.join(work, "data", "tollgate.db")
        if shutil.which("sqlite3") and os.path.exists(db):
            q = subprocess.run(["sqlite3", db, "select status || ' ' || count(*) from intents group by status"],
                               capture_output=True, text=True, timeout=20)
            if q.returncode == 0:
                print("intent rows in the store by status (sqlite3): " + (", ".join(q.stdout.split("\n")).strip(", ") or "none"))
        if args.keep:
            print(f"# kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    if errors:
        print("ERRORS: " + "; ".join(errors), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
