#!/bin/bash
# serve.sh - load on `parley serve` (part of `make bench`): wrk against GET /v1/events and
# POST /v1/code, each for BENCH_SERVE_SECONDS (default 30; e.g. 5 for a quick run), with
# requests/s, p50/p99 latency and the server's memory: its resident size sampled every
# second through each run (min and max: bounded memory shows as a flat max) and its peak
# (VmHWM) at the end.
#
# The store is the shared corpus ingested (../shared/corpus), or tests/serve/fixture.jsonl
# when ../shared is absent. The server runs with 4 threads; wrk with 2 threads and 16
# connections, on the same 2-core machine (so the figures are a floor: the load generator
# takes CPU from the server). With --record the section is appended to bench/RESULTS.md
# (under its "Server" heading: other benchmarks keep sections of their own there).
set -u
cd "$(dirname "$0")/.."
P=${PARLEY:-build/parley}
SHARED=${SHARED:-../shared}
SECS=${BENCH_SERVE_SECONDS:-30}
CONNS=${BENCH_SERVE_CONNECTIONS:-16}
OUT=build/bench/serve
mkdir -p "$OUT"
record=0
[ "${1:-}" = --record ] && record=1
if ! command -v wrk >/dev/null 2>&1; then
    echo "bench serve: SKIP: wrk not installed (scripts/install-deps.sh installs it)"
    exit 0
fi

db="$OUT/bench.db"
rm -f "$db" "$db-wal" "$db-shm"
if [ -f "$SHARED/corpus/reuters21578/dev.jsonl" ]; then
    corpus="$SHARED/corpus/reuters21578/dev.jsonl $SHARED/corpus/bbc-politics/politics.jsonl"
    doc_src="$SHARED/corpus/reuters21578/dev.jsonl"
else
    corpus=tests/serve/fixture.jsonl
    doc_src=tests/serve/fixture.jsonl
fi
# shellcheck disable=SC2086
"$P" ingest --db "$db" $corpus 2> "$OUT/ingest.log"
events=$("$P" query --db "$db" --summary --format csv | awk -F, '$1 == "events" {print $2}')
# a typical article for /v1/code: the first one of 1 to 3 KB that reports events
"$P" query --db "$db" --format jsonl --limit 1000 > "$OUT/with-events.jsonl"
python3 - "$doc_src" "$OUT/with-events.jsonl" > "$OUT/doc.json" <<'PY'
import json, sys
ids = {json.loads(l)["doc_id"] for l in open(sys.argv[2])}
for line in open(sys.argv[1]):
    d = json.loads(line)
    if d["id"] in ids and 1000 <= len(d["text"].encode()) <= 3000:
        print(json.dumps(d))
        break
PY
doc_events=$("$P" code < "$OUT/doc.json" | wc -l)
doc_bytes=$(wc -c < "$OUT/doc.json")

"$P" serve --db "$db" --port 0 --threads 4 > "$OUT/server.log" 2>&1 &
pid=$!
for _ in $(seq 100); do
    port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$OUT/server.log")
    [ -n "$port" ] && break
    sleep 0.1
done
if [ -z "${port:-}" ]; then
    echo "bench serve: the server did not start:"; cat "$OUT/server.log"
    kill "$pid" 2>/dev/null
    exit 1
fi
url="http://127.0.0.1:$port"
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$pid/status"; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
hwm_kb() { awk '/^VmHWM/ {print $2}' "/proc/$pid/status"; }

load=$(cut -d' ' -f1-3 /proc/loadavg)
# warm up (page cache, prepared statements), then note the resident size at rest
curl -s "$url/v1/events?limit=50" > /dev/null
rest=$(rss_kb)

results=()
run() { # run FILE-TAG ROUTE WRK-ARGS...
    local tag=$1 name=$2
    shift 2
    : > "$OUT/rss-$tag.txt"
    ( while kill -0 "$pid" 2>/dev/null; do rss_kb >> "$OUT/rss-$tag.txt"; sleep 1; done ) &
    local sampler=$!
    wrk -t2 -c"$CONNS" -d"${SECS}s" --latency "$@" > "$OUT/wrk-$tag.txt" 2>&1
    kill "$sampler" 2>/dev/null
    wait "$sampler" 2>/dev/null
    local rps p50 p99 errs lo hi
    rps=$(awk '/^Requests\/sec/ {print $2}' "$OUT/wrk-$tag.txt")
    p50=$(awk '$1 == "50%" {print $2}' "$OUT/wrk-$tag.txt")
    p99=$(awk '$1 == "99%" {print $2}' "$OUT/wrk-$tag.txt")
    errs=$(awk '/Non-2xx|Socket errors/ {print}' "$OUT/wrk-$tag.txt" | tr '\n' ' ')
    lo=$(sort -n "$OUT/rss-$tag.txt" | head -n 1)
    hi=$(sort -n "$OUT/rss-$tag.txt" | tail -n 1)
    results+=("$(printf '| %-16s | %9.0f | %8s | %8s | %s-%s | %s |' "$name" "$rps" "$p50" "$p99" \
        "$(mb "$lo")" "$(mb "$hi")" "${errs:-none}")")
}
run events "GET /v1/events" -s bench/serve-events.lua "$url"
export BENCH_DOC="$OUT/doc.json"
run code "POST /v1/code" -s bench/serve-code.lua "$url/v1/code"
hwm=$(hwm_kb)
end=$(rss_kb)
health=$(curl -s -o /dev/null -w '%{http_code}' "$url/healthz")
kill -TERM "$pid"
wait "$pid"
status=$?

{
    echo "### parley serve under wrk ($(date -u +%Y-%m-%d), ${SECS} s per route)"
    echo
    echo "$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), load average $load before the runs; server: 4 threads;"
    echo "wrk: 2 threads, $CONNS connections, on the same machine. Store: $events events ($(basename "$(echo "$corpus" | cut -d' ' -f1)") ...);"
    echo "POST /v1/code body: one article of $doc_bytes bytes ($doc_events events), coded with the default dictionaries."
    echo
    echo "| route | requests/s | p50 | p99 | RSS during run, MB | errors |"
    echo "|---|---:|---:|---:|---:|---|"
    for r in "${results[@]}"; do echo "$r"; done
    echo
    echo "Resident size: $(mb "$rest") MB at rest after start, $(mb "$end") MB at the end; peak (VmHWM) $(mb "$hwm") MB."
    echo "After the load: /healthz answered $health; the server stopped on SIGTERM with status $status."
} > "$OUT/results.md"
cat "$OUT/results.md"
if [ $record -eq 1 ]; then
    { echo; cat "$OUT/results.md"; } >> bench/RESULTS.md
    echo "(appended to bench/RESULTS.md)"
fi
