#!/usr/bin/env bash
# Load test (issue 13; not part of CI): the app in Release on its own embedded PostgreSQL with the demo company, on
# loopback; 32 concurrent clients for a fixed time on
#   1. PUT /api/periods/{this month}/facts — a batch of every fact of the demo's current month, as HR (wrk: two batches
#      alternate, so every request really writes), then the facts are counted exactly: every fact of the month must
#      hold the values of one whole batch (all or nothing), and the month has as many rows as before;
#   2. GET /api/dashboard/export?period={this month} — the company dashboard as .xlsx, as the owner (hey).
# It prints p50 / p99, the requests per second and the errors of each run.
#
# The rate limiter allows 600 API calls a minute per person; this run sets KpiPlanner__RateLimits__ApiPerMinute (and
# LoginPerMinute) to 100 000 000 for its own app instance only, so the figures measure the app, not the limiter.
#
# Needs: the .NET SDK, PostgreSQL's server binaries and psql, wrk and hey (Debian: apt-get install -y wrk hey).
# Usage: scripts/load-test.sh [seconds=60] [concurrency=32]
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${1:-60}"
CONCURRENCY="${2:-32}"
for tool in wrk hey psql curl python3; do
  command -v "$tool" >/dev/null || { echo "missing: $tool (apt-get install -y wrk hey postgresql-client curl python3)"; exit 1; }
done

WORK="$(mktemp -d /tmp/kpi-load-XXXXXX)"
chmod 755 "$WORK" # the embedded cluster's folder below it belongs to the postgres user when run as root
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
BASE="http://127.0.0.1:${PORT}"
APP_PID=""
cleanup() {
  if [ -n "$APP_PID" ] && kill -0 "$APP_PID" 2>/dev/null; then
    # SIGTERM: a clean stop that also stops the embedded PostgreSQL (a background job of a script ignores SIGINT).
    kill -TERM "$APP_PID"; wait "$APP_PID" 2>/dev/null || true
  fi
  # Should the app not have stopped its PostgreSQL, stop it here: nothing of this run is left running.
  if [ -f "$WORK/pg/data/postmaster.pid" ]; then
    pg_ctl="$(ls -d /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | tail -n 1)"
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$pg_ctl" -D "$WORK/pg/data" -m fast -w stop >/dev/null 2>&1 || true
    else "$pg_ctl" -D "$WORK/pg/data" -m fast -w stop >/dev/null 2>&1 || true; fi
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "Building Release…"
dotnet build src/KpiPlanner.Web -c Release -v q -nologo >/dev/null
echo "Starting the app on ${BASE} (embedded PostgreSQL in ${WORK}/pg, demo company; rate limits raised for this run)"
Database__Embedded__RootDirectory="$WORK/pg" \
KpiPlanner__RateLimits__ApiPerMinute=100000000 \
KpiPlanner__RateLimits__LoginPerMinute=100000000 \
ASPNETCORE_ENVIRONMENT=Production \
  bash -c 'cd src/KpiPlanner.Web && exec dotnet bin/Release/net10.0/KpiPlanner.Web.dll --urls "$0"' "$BASE" >"$WORK/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 300); do
  curl -fs "$BASE/health" >/dev/null 2>&1 && break
  kill -0 "$APP_PID" 2>/dev/null || { cat "$WORK/app.log"; exit 1; }
  sleep 1
done
curl -fs "$BASE/health" >/dev/null || { echo "the app did not become healthy"; tail -50 "$WORK/app.log"; exit 1; }

token() {
  curl -fs -H 'Content-Type: application/json' -d "{\"email\":\"$1\",\"password\":\"Demo123!\"}" "$BASE/api/auth/login" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])'
}
HR_TOKEN="$(token hr@demo.local)"
OWNER_TOKEN="$(token owner@demo.local)"

PGPORT_="$(sed -n 4p "$WORK/pg/data/postmaster.pid")" # the embedded server's port
sql() { PGPASSWORD="$(cat "$WORK/pg/superuser.password")" psql -h 127.0.0.1 -p "$PGPORT_" -U postgres -d kpiplanner -At -c "$1"; }
MONTH="$(date +%Y-%m)"
MONTH_DAY="${MONTH}-01"

# The batch: every (employee, KPI) of the month's rows except HR's own line, with two sets of values.
sql "SELECT v.employee_id, v.kpi_key FROM monthly_kpi_values v
     WHERE v.month = '${MONTH_DAY}'
       AND v.employee_id NOT IN (SELECT employee_id FROM \"AspNetUsers\" WHERE normalized_email = 'HR@DEMO.LOCAL' AND employee_id IS NOT NULL)
     ORDER BY v.employee_id, v.kpi_key" >"$WORK/items.txt"
ITEMS="$(wc -l <"$WORK/items.txt")"
ROWS_BEFORE="$(sql "SELECT count(*) FROM monthly_kpi_values WHERE month = '${MONTH_DAY}'")"
python3 - "$WORK" <<'EOF'
import json, sys
work = sys.argv[1]
items = [line.split("|") for line in open(f"{work}/items.txt").read().splitlines() if line]
for name, base in (("batch1", 1000), ("batch2", 2000)):
    facts = [{"employee": int(e), "kpi": k, "value": base + i} for i, (e, k) in enumerate(items)]
    json.dump({"facts": facts}, open(f"{work}/{name}.json", "w"))
EOF
cat >"$WORK/facts.lua" <<EOF
local function read(path) local f = io.open(path, "r"); local s = f:read("*a"); f:close(); return s end
local bodies = { read("$WORK/batch1.json"), read("$WORK/batch2.json") }
local n = 0
wrk.method = "PUT"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $HR_TOKEN"
request = function()
  n = n + 1
  return wrk.format(nil, "/api/periods/$MONTH/facts", nil, bodies[(n % 2) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("facts: requests %d, non-2xx %d, socket errors %d, p50 %.1f ms, p99 %.1f ms\n",
    summary.requests, summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
EOF

# One request each first: both answer 200.
for b in batch1 batch2; do
  curl -fs -X PUT -H "Authorization: Bearer $HR_TOKEN" -H 'Content-Type: application/json' --data-binary "@$WORK/$b.json" \
    "$BASE/api/periods/$MONTH/facts" >/dev/null || { echo "the facts batch was refused"; exit 1; }
done
curl -fs -H "Authorization: Bearer $OWNER_TOKEN" -o /dev/null "$BASE/api/dashboard/export?period=$MONTH" || { echo "the export failed"; exit 1; }

echo
echo "== PUT /api/periods/$MONTH/facts: ${ITEMS} facts a batch, ${CONCURRENCY} connections, ${DURATION} s (wrk) =="
wrk -t 2 -c "$CONCURRENCY" -d "${DURATION}s" --timeout 30s --latency -s "$WORK/facts.lua" "$BASE" | tee "$WORK/wrk.txt"

echo
echo "== The facts afterwards =="
ROWS_AFTER="$(sql "SELECT count(*) FROM monthly_kpi_values WHERE month = '${MONTH_DAY}'")"
sql "SELECT employee_id, kpi_key, fact FROM monthly_kpi_values WHERE month = '${MONTH_DAY}' AND fact IS NOT NULL" >"$WORK/after.txt"
read -r MATCH1 MATCH2 < <(python3 - "$WORK" <<'EOF2'
import json, sys
from decimal import Decimal
work = sys.argv[1]
facts = {}
for line in open(f"{work}/after.txt").read().splitlines():
    e, k, v = line.split("|")
    facts[(int(e), k)] = Decimal(v)
counts = []
for name in ("batch1", "batch2"):
    batch = json.load(open(f"{work}/{name}.json"))["facts"]
    counts.append(sum(1 for f in batch if facts.get((f["employee"], f["kpi"])) == Decimal(f["value"])))
print(*counts)
EOF2
)
echo "rows of the month: before ${ROWS_BEFORE}, after ${ROWS_AFTER} (expected equal)"
echo "facts equal to batch 1: ${MATCH1}, to batch 2: ${MATCH2} (expected: one of them ${ITEMS}, the other 0 — one whole batch, never a mix)"
FACTS_OK=0
if [ "$ROWS_BEFORE" = "$ROWS_AFTER" ] && { { [ "$MATCH1" = "$ITEMS" ] && [ "$MATCH2" = 0 ]; } || { [ "$MATCH2" = "$ITEMS" ] && [ "$MATCH1" = 0 ]; }; }; then
  echo "facts: exact"
else
  echo "facts: NOT EXACT"; FACTS_OK=1
fi

echo
echo "== GET /api/dashboard/export?period=$MONTH: ${CONCURRENCY} connections, ${DURATION} s (hey) =="
hey -z "${DURATION}s" -c "$CONCURRENCY" -t 60 -H "Authorization: Bearer $OWNER_TOKEN" "$BASE/api/dashboard/export?period=$MONTH" | tee "$WORK/hey.txt"

echo
echo "== Summary =="
grep '^facts: requests' "$WORK/wrk.txt"
python3 - "$WORK/hey.txt" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
def grab(pattern):
    m = re.search(pattern, text)
    return m.group(1) if m else "?"
codes = dict(re.findall(r"\[(\d{3})\]\s+(\d+) responses", text))
errors = sum(int(n) for c, n in codes.items() if c != "200")
errors += sum(int(n) for n in re.findall(r"^\s+\[(\d+)\]\s+Get", text, re.M))
def ms(pattern):
    value = grab(pattern)
    return f"{float(value) * 1000:.1f} ms" if value != "?" else "n/a (no request finished)"
p50 = ms(r"50% in ([0-9.]+) secs")
p99 = ms(r"99% in ([0-9.]+) secs")
rps = grab(r"Requests/sec:\s+([0-9.]+)")
print(f"export: requests {sum(int(n) for n in codes.values())}, non-200 {errors}, p50 {p50}, p99 {p99}, {rps} requests/s")
EOF
grep 'Requests/sec' "$WORK/wrk.txt" | sed 's/^/facts: /'
# A client that leaves mid-request (wrk and hey stop with requests in flight) is a 499 at Information, not an error.
echo "app log: $(grep -c ' responded 499 ' "$WORK/app.log" || true) requests whose client left (499), $(grep -cE '^\[[0-9:]+ (ERR|FTL)\]' "$WORK/app.log" || true) lines at Error or above"
grep -iE 'error|exception' "$WORK/app.log" | grep -v 'Data Protection\|DataProtection\|not encrypted' | head -5 || true
exit "$FACTS_OK"
