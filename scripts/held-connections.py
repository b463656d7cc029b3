#!/usr/bin/env python3
"""Holds N proxied requests open at once, measures the server's heap, approves them all and
measures how long each took to be released (SPEC §5.4: 10,000 held connections within the
default heap, all released within 2 s of approving them).

    scripts/held-connections.py [--count 10000]      (starts its own Tollgate and upstream on loopback)

Everything is bounded: connections, time (each phase has a deadline) and only loopback is used.
The server it starts is stopped by PID at the end.
"""
import argparse, asyncio, base64, concurrent.futures, json, os, resource, shutil, signal, socket, subprocess
import sys, tempfile, threading, time, urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAR = os.path.join(ROOT, "gateway", "target", "tollgate.jar")


class Upstream(BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200); self.send_header("Content-Length", "2"); self.end_headers(); self.wfile.write(b"ok")

    def log_message(self, *a):
        pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0)); return s.getsockname()[1]


def api(base, key, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method,
                                 headers={"Authorization": "Bearer " + key, "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read())


async def hold_one(i, proxy_port, up_port, auth, released, ready, sem):
    async with sem:  # bound connects in flight; the wait for the decision is outside
        reader, writer = await asyncio.open_connection("127.0.0.1", proxy_port)
        body = b"{}"
        writer.write((f"POST http://127.0.0.1:{up_port}/hold/{i} HTTP/1.1\r\nHost: 127.0.0.1:{up_port}\r\n"
                      f"Proxy-Authorization: Basic {auth}\r\nX-Gate-Wait: true\r\nContent-Type: application/json\r\n"
                      f"Content-Length: {len(body)}\r\n\r\n").encode() + body)
        await writer.drain()
    ready.append(i)
    line = await reader.readline()
    released[i] = (time.monotonic(), line.split(b" ")[1].decode() if line else "closed")
    writer.close()


async def hold_all(n, proxy_port, up_port, auth, released, ready):
    sem = asyncio.Semaphore(200)
    return [asyncio.create_task(hold_one(i, proxy_port, up_port, auth, released, ready, sem)) for i in range(n)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=10000)
    args = ap.parse_args()
    n = min(args.count, 20000)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, n * 2 + 1000)), hard))
    if not os.path.exists(JAR):
        subprocess.run([os.path.join(ROOT, "scripts", "tollgate"), "version"], check=True, stdout=subprocess.DEVNULL)

    work = tempfile.mkdtemp(prefix="tollgate-held.")
    up = ThreadingHTTPServer(("127.0.0.1", 0), Upstream)
    threading.Thread(target=up.serve_forever, daemon=True).start()
    up_port = up.server_address[1]
    with open(os.path.join(work, "destinations.yaml"), "w") as f:
        f.write("destinations:\n  - name: stripe.refund\n    match: { host: 127.0.0.1, path: /hold/** }\n"
                "    policy: finance-high-risk\n    pending: hold\ndefault_policy: null\n")
    api_port, proxy_port = free_port(), free_port()
    admin = "gate_admin_" + os.urandom(24).hex()
    env = dict(os.environ, TOLLGATE_ADMIN_KEY=admin)
    server = subprocess.Popen(["java", "-jar", JAR, "serve", "--port", str(api_port), "--proxy-port", str(proxy_port),
                               "--data-dir", os.path.join(work, "data"), "--policy-dir", os.path.join(ROOT, "config", "policies"),
                               "--destinations", os.path.join(work, "destinations.yaml"), "--allow-private", "127.0.0.0/8",
                               "--hold-timeout-ms", "600000"], env=env, stdout=open(os.path.join(work, "server.log"), "w"),
                              stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{api_port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(base + "/readyz", timeout=1); break
            except Exception:
                time.sleep(0.2)
        reg = api(base, admin, "POST", "/v1/agents/register", {"name": "holder"})
        auth = base64.b64encode(f"{reg['agentId']}:{reg['apiKey']}".encode()).decode()

        released, ready = {}, []
        loop = asyncio.new_event_loop()
        tasks = loop.run_until_complete(hold_all(n, proxy_port, up_port, auth, released, ready))
        t0 = time.monotonic()
        while time.monotonic() - t0 < 120:
            loop.run_until_complete(asyncio.sleep(0.5))
            held = api(base, admin, "GET", "/v1/proxy/held")["count"]
            if held >= n: break
        print(f"held connections: {held} of {n} ({time.monotonic() - t0:.1f} s to establish)")
        subprocess.run(["jcmd", str(server.pid), "GC.run"], stdout=subprocess.DEVNULL)
        heap = subprocess.run(["jcmd", str(server.pid), "GC.heap_info"], capture_output=True, text=True).stdout
        used = [l for l in heap.splitlines() if "used" in l][:1]
        print("server heap after GC:", used[0].strip() if used else heap[:200])

        ids = [h["intentId"] for h in api(base, admin, "GET", "/v1/proxy/held")["held"]]
        approved_at = {}

        def approve(i):
            api(base, admin, "POST", f"/v1/intents/{i}/approve", {})
            return time.monotonic()

        with concurrent.futures.ThreadPoolExecutor(16) as pool:
            a0 = time.monotonic()
            for i, t in zip(ids, pool.map(approve, ids)):
                approved_at[i] = t
            a1 = time.monotonic()
        t1 = time.monotonic()
        while len(released) < n and time.monotonic() - t1 < 60:
            loop.run_until_complete(asyncio.sleep(0.1))
        last_release = max(t for t, _ in released.values()) if released else float("nan")
        statuses = {}
        for _, s in released.values():
            statuses[s] = statuses.get(s, 0) + 1
        print(f"approved {len(ids)} in {a1 - a0:.2f} s; released {len(released)}; statuses {statuses}")
        print(f"last release {last_release - a1:+.3f} s after the last approval")
        for t in tasks:
            t.cancel()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        up.shutdown()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
