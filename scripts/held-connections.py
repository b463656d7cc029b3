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

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAR = os.path.join(ROOT, "gateway", "target", "tollgate.jar")


async def serve_upstream(port):
    """The upstream, in its own process (so it never competes with the client for the GIL):
    asyncio, keep-alive, answers every request with 200 "ok"."""
    async def handle(reader, writer):
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":", 1)[1])
                if length:
                    await reader.readexactly(length)
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok")
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()
    server = await asyncio.start_server(handle, "127.0.0.1", port, backlog=4096)
    async with server:
        await server.serve_forever()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0)); return s.getsockname()[1]


def api(base, key, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method,
                                 headers={"Authorization": "Bearer " + key, "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read())


async def hold_one(i, proxy_port, up_port, auth, released, ready, sem, failed):
    async with sem:  # bound connects in flight; the wait for the decision is outside
        try:
            reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", proxy_port), 10)
        except (OSError, asyncio.TimeoutError) as e:
            failed[i] = type(e).__name__  # e.g. the listen backlog overflowed: reported, not waited for
            return
        body = b"{}"
        writer.write((f"POST http://127.0.0.1:{up_port}/hold/{i} HTTP/1.1\r\nHost: 127.0.0.1:{up_port}\r\n"
                      f"Proxy-Authorization: Basic {auth}\r\nX-Gate-Wait: true\r\nContent-Type: application/json\r\n"
                      f"Content-Length: {len(body)}\r\n\r\n").encode() + body)
        await writer.drain()
    ready.append(i)
    line = await reader.readline()
    released[i] = (time.monotonic(), line.split(b" ")[1].decode() if line else "closed")
    writer.close()


async def hold_all(n, proxy_port, up_port, auth, released, ready, failed):
    sem = asyncio.Semaphore(200)
    return [asyncio.create_task(hold_one(i, proxy_port, up_port, auth, released, ready, sem, failed))
            for i in range(n)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=10000)
    ap.add_argument("--serve-upstream", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve_upstream:
        asyncio.run(serve_upstream(args.serve_upstream))
        return
    n = min(args.count, 20000)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, n * 2 + 1000)), hard))
    if not os.path.exists(JAR):
        subprocess.run([os.path.join(ROOT, "scripts", "tollgate"), "version"], check=True, stdout=subprocess.DEVNULL)

    work = tempfile.mkdtemp(prefix="tollgate-held.")
    up_port = free_port()
    up = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--serve-upstream", str(up_port)],
                          start_new_session=True)
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

        released, ready, failed = {}, [], {}
        loop = asyncio.new_event_loop()
        tasks = loop.run_until_complete(hold_all(n, proxy_port, up_port, auth, released, ready, failed))
        t0 = time.monotonic()
        while time.monotonic() - t0 < 120:
            loop.run_until_complete(asyncio.sleep(0.5))
            held = api(base, admin, "GET", "/v1/proxy/held")["count"]
            if held + len(failed) + len(released) >= n: break
        print(f"held connections: {held} of {n} ({time.monotonic() - t0:.1f} s to establish)"
              + (f"; {len(failed)} could not connect: {sorted(set(failed.values()))}" if failed else "")
              + (f"; {len(released)} answered before any approval" if released else ""))
        subprocess.run(["jcmd", str(server.pid), "GC.run"], stdout=subprocess.DEVNULL)
        heap = subprocess.run(["jcmd", str(server.pid), "GC.heap_info"], capture_output=True, text=True).stdout
        used = [l for l in heap.splitlines() if "used" in l][:1]
        print("server heap after GC:", used[0].strip() if used else heap[:200])

        held_list = api(base, admin, "GET", "/v1/proxy/held")["held"]
        ids = [h["intentId"] for h in held_list]
        index_of = {h["intentId"]: int(h["path"].rsplit("/", 1)[1]) for h in held_list}
        approved_at = {}

        def approve(i):
            api(base, admin, "POST", f"/v1/intents/{i}/approve", {})
            return time.monotonic()

        # Approvals run on threads while the event loop keeps reading released responses, so a
        # release is timed when it arrives, not when the approving is over.
        async def approve_all():
            with concurrent.futures.ThreadPoolExecutor(16) as pool:
                running = asyncio.get_running_loop()
                times = await asyncio.gather(*(running.run_in_executor(pool, approve, i) for i in ids))
            approved_at.update(zip(ids, times))

        a0 = time.monotonic()
        loop.run_until_complete(approve_all())
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
        # Each request from its own approval (the API call returned) to its response's first line.
        lat = sorted(released[index_of[i]][0] - t for i, t in approved_at.items() if index_of[i] in released)
        if lat:
            pct = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1000
            print(f"approval -> release per request: p50 {pct(0.5):.1f} ms, p99 {pct(0.99):.1f} ms, "
                  f"max {lat[-1] * 1000:.1f} ms")
        for t in tasks:
            t.cancel()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        up.terminate()
        up.wait(5)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
