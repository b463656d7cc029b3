"""Drives Tollgate the way Zehrava Gate's SDKs do, with Python's urllib.

The SDKs send every optional field (null when unset), send no body at all when their argument
dict is empty (yet still say Content-Type: application/json), use the V1 aliases (/v1/propose,
/v1/approve, /v1/proposals/:id, /v1/deliver) and read camelCase and snake_case fields. Each
check prints one line; any failure exits 1.

usage: sdk_wire_check.py BASE_URL ADMIN_KEY
"""
import json
import sys
import urllib.error
import urllib.request

BASE, ADMIN = sys.argv[1].rstrip("/"), sys.argv[2]


def call(method, path, key, body=None):
    data = json.dumps(body).encode() if body else None   # {} and None send no body, as the SDKs do
    req = urllib.request.Request(BASE + path, data=data, method=method, headers={
        "Authorization": "Bearer " + key, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def check(name, cond, detail):
    print(("ok   " if cond else "FAIL ") + name + ("" if cond else ": " + json.dumps(detail)))
    if not cond:
        sys.exit(1)


status, reg = call("POST", "/v1/agents/register", ADMIN, {"name": "py-sdk-agent", "riskTier": "standard"})
check("register returns 201 and a gate_sk_ key", status == 201 and reg["apiKey"].startswith("gate_sk_"), reg)
AGENT = reg["apiKey"]

# Python SDK propose: every field present, nulls for the unset ones, expiresIn "1h" by default.
status, p = call("POST", "/v1/intents", AGENT, {
    "destination": "zendesk.reply", "policy": "support-reply", "payload": "Thank you — your issue is resolved.",
    "recordCount": 1, "estimated_value_usd": None, "sensitivity_tags": None, "idempotency_key": None,
    "on_behalf_of": None, "expiresIn": "1h", "metadata": None})
check("python propose with nulls is approved", status == 200 and p["status"] == "approved", p)
check("propose answer has the SDK's fields", all(k in p for k in
      ("intentId", "status", "risk_score", "risk_level", "blockReason", "expiresAt")), p)

# JS SDK propose through the alias; pending under finance-high-risk.
status, j = call("POST", "/v1/propose", AGENT, {"payload": "refund 40", "destination": "stripe.refund",
                                               "policy": "finance-high-risk", "expiresIn": "1h"})
check("js propose via /v1/propose is pending", status == 200 and j["status"] == "pending_approval", j)
pid = j["proposalId"]

status, v = call("GET", "/v1/proposals/" + pid, AGENT)
check("js verify via /v1/proposals/:id", status == 200 and v["intentId"] == pid and "auditTrail" in v, v)

status, a = call("POST", "/v1/approve", AGENT, {"proposalId": pid})
check("an agent key cannot approve", status == 403 and a.get("code") == "forbidden", a)

status, a = call("POST", "/v1/approve", ADMIN, {"proposalId": pid})
check("approve via /v1/approve", status == 200 and a["status"] == "approved" and "approvedAt" in a, a)

# Python SDK execute sends {} -> no body at all.
status, e = call("POST", "/v1/intents/" + pid + "/execute", AGENT, {})
check("execute with no body issues a gex_ token", status == 201 and e["execution_token"].startswith("gex_"), e)

status, r = call("POST", "/v1/executions/" + e["executionId"] + "/report", e["execution_token"],
                 {"status": "succeeded", "report": {"records_written": 1}})
check("worker reports with the one-time token", status == 200 and r["status"] == "succeeded", r)

status, j2 = call("POST", "/v1/propose", AGENT, {"payload": "x", "destination": "blog.publish", "policy": "blog-publish"})
status, rj = call("POST", "/v1/reject", ADMIN, {"proposalId": j2["proposalId"], "reason": None})
check("reject with a null reason", status == 200 and rj["status"] == "blocked", rj)

status, m = call("GET", "/v1/metrics", AGENT)
check("metrics have the seed's fields", all(k in m for k in ("actions_attempted", "actions_blocked", "actions_pending",
      "actions_approved", "actions_succeeded", "actions_failed", "actions_duplicate", "avg_approval_latency_ms")), m)
print("all checks passed")
