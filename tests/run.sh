#!/bin/bash
# run.sh - every test parley has, in one run (called by `make check`).
#
# Unit tests (cmocka), golden files (document in -> events out), the event-location gold
# set, command-line error handling, the event store (SQLite always; PostgreSQL when a
# server answers at $PARLEY_TEST_PG, default postgresql:///postgres), the server (HTTP API
# and the dashboard in Chromium), and -- when ../shared is present -- the PETRARCH and
# TABARI validation suites, the Phoenix dictionaries' load check and the dev-set
# evaluation, each printing its figures.
# The last line is "N passed, N failed" over all checks.
set -u
cd "$(dirname "$0")/.."
B=${B:-build}             # the build to test (make check-asan sets build/asan)
P=$B/parley
# Under make check-asan a sanitizer's report ends the process with status 86, which no
# parley exit status uses (UBSan's default, 1, would pass for "could not run").
export ASAN_OPTIONS=${ASAN_OPTIONS:-exitcode=86} UBSAN_OPTIONS=${UBSAN_OPTIONS:-exitcode=86}
SHARED=${SHARED:-../shared}
OUT=$B/test-out
mkdir -p "$OUT"
# Every parley run below keeps its compiled dictionaries in a fresh directory of its own,
# never in the user's ~/.cache: the first run of each dictionary set reads the text and
# writes a copy, the later ones load that copy (and must code exactly the same).
export PARLEY_CACHE_DIR="$PWD/$OUT/dict-cache"
rm -rf "$PARLEY_CACHE_DIR"
passed=0
failed=0

count() { # add the "N passed, N failed" of a step's output to the totals
    local line
    line=$(grep -Eo '[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1)
    if [ -z "$line" ]; then
        failed=$((failed + 1))
        return
    fi
    passed=$((passed + $(echo "$line" | awk '{print $1}')))
    failed=$((failed + $(echo "$line" | awk '{print $3}')))
}

check() { # a named check that passes when the command succeeds
    local name=$1
    shift
    if "$@" > "$OUT/$name.log" 2>&1; then
        passed=$((passed + 1))
        echo "  ok    $name"
    else
        failed=$((failed + 1))
        echo "  FAIL  $name (see $OUT/$name.log)"
        tail -n 20 "$OUT/$name.log" | sed 's/^/        /'
    fi
}

echo "== unit tests"
$B/tests/unit > "$OUT/unit.log" 2>&1
unit_status=$?
grep -E '^\[  (FAILED|ERROR) |^\[   LINE' "$OUT/unit.log" | sed 's/^/  /'
u_pass=$(grep -Eo 'PASSED  \] [0-9]+' "$OUT/unit.log" | awk '{s+=$3} END {print s+0}')
u_fail=$(grep -Eo 'FAILED  \] [0-9]+ test' "$OUT/unit.log" | awk '{s+=$3} END {print s+0}')
if [ "$unit_status" -ne 0 ] && [ "$u_fail" -eq 0 ]; then
    # the runner died (a sanitizer abort, a crash) before cmocka could count a failure
    echo "  FAIL  the unit test runner exited with status $unit_status:"
    grep -E 'runtime error|ERROR: AddressSanitizer|ERROR: LeakSanitizer' "$OUT/unit.log" | head -n 3 | sed 's/^/        /'
    u_fail=1
fi
echo "unit: $u_pass passed, $u_fail failed" | tee "$OUT/unit.count"
count "$OUT/unit.count"

echo "== default dictionaries"
"$P" dict lint > "$OUT/lint.log" 2>&1
st=$?
tail -n 1 "$OUT/lint.log" | sed 's/^/  /'
"$P" dict stats --date 2026-11-29 > "$OUT/dict-stats.log" 2>&1
grep -E '^(actor entries|patterns|dated windows)|in a government office' "$OUT/dict-stats.log" | sed 's/^/  /'
if [ $st -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "  FAIL dict lint (see $OUT/lint.log)"; fi

echo "== golden files"
python3 tests/golden/run.py "$P" | tee "$OUT/golden.log"
count "$OUT/golden.log"

echo "== event locations (tests/geo/gold.jsonl)"
python3 tests/geo/score.py "$P" --min-place 0.85 --min-country 0.95 --min-coverage 0.80 \
    --failures "$OUT/geo-failures.txt" | sed 's/^/  /' | tee "$OUT/geo.log"
count "$OUT/geo.log"

echo "== command line"
tests/cli/errors.sh "$P" | tee "$OUT/cli.log"
count "$OUT/cli.log"
tests/cli/explain.sh "$P" | tee "$OUT/explain.log"
count "$OUT/explain.log"
tests/cli/jobs.sh "$P" | tee "$OUT/jobs.log"
count "$OUT/jobs.log"
tests/cli/geo.sh "$P" "$SHARED" | tee "$OUT/geo-same.log"
count "$OUT/geo-same.log"
SHARED="$SHARED" tests/cli/dictcache.sh "$P" | tee "$OUT/dictcache.log"
count "$OUT/dictcache.log"

echo "== event store (tests/store; PostgreSQL tests need a server: PARLEY_TEST_PG)"
$B/tests/store-unit > "$OUT/store-unit.log" 2>&1
grep -E '^\[  (FAILED|ERROR) |^\[   LINE' "$OUT/store-unit.log" | sed 's/^/  /'
s_pass=$(grep -Eo 'PASSED  \] [0-9]+' "$OUT/store-unit.log" | awk '{s+=$3} END {print s+0}')
s_fail=$(grep -Eo 'FAILED  \] [0-9]+ test' "$OUT/store-unit.log" | awk '{s+=$3} END {print s+0}')
echo "store unit: $s_pass passed, $s_fail failed" | tee "$OUT/store-unit.count"
count "$OUT/store-unit.count"
python3 tests/store/test_store.py "$P" --shared "$SHARED" 2>&1 | tee "$OUT/store.log"
count "$OUT/store.log"

echo "== readers (tests/input: a news page, RSS, Atom, PETRARCH XML, TABARI; gzip, directories)"
python3 tests/input/run.py "$P" | tee "$OUT/input.log"
count "$OUT/input.log"

echo "== fuzz regressions (fuzz/regress: every input a fuzzer found, replayed)"
fuzz/replay.sh "$P" | tee "$OUT/fuzz-replay.log"
count "$OUT/fuzz-replay.log"

echo "== stress (3,000 random and mutated documents; make stress sends 100,000)"
python3 fuzz/stress.py "$P" --shared "$SHARED" --count 3000 --quick | tee "$OUT/stress.log"
count "$OUT/stress.log"

echo "== server (tests/serve: the HTTP API, limits and malformed requests, the dashboard in Chromium)"
python3 tests/serve/test_http.py "$P" --shared "$SHARED" --out "$OUT/serve" --browser 2>&1 | tee "$OUT/serve.log"
count "$OUT/serve.log"
[ -d "$OUT/serve/screenshots" ] && echo "  screenshots: $OUT/serve/screenshots/"

if [ -d "$SHARED/peers" ]; then
    echo "== peer dictionaries and suites ($SHARED)"
    check phoenix-dicts-load "$P" dict stats --dict "$SHARED/dicts/phoenix"
    grep -E 'patterns|actor entries|load time|^loaded' "$OUT/phoenix-dicts-load.log" | sed 's/^/        /'
    # the same dictionaries again, from the compiled copy the load above wrote
    "$P" dict stats --dict "$SHARED/dicts/phoenix" 2> /dev/null | grep -E '^(load time|loaded)' | sed 's/^/        /'
    python3 tests/suites/petrarch.py "$P" "$SHARED" --min-pass 0.85 --out "$OUT/petrarch-failures.txt" \
        > "$OUT/petrarch.log" 2>&1
    st=$?
    sed 's/^/  /' "$OUT/petrarch.log"
    if [ $st -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "  FAIL petrarch suite below threshold"; fi
    python3 tests/suites/petrarch.py "$P" "$SHARED" --native | tail -n 1 | sed 's/^/  /'
    # TABARI's validation suite through its own project file (dialect reader + hooks)
    python3 tests/suites/tabari.py "$P" "$SHARED" --min-pass 0.80 --out "$OUT/tabari-failures.txt" \
        > "$OUT/tabari.log" 2>&1
    st=$?
    sed 's/^/  /' "$OUT/tabari.log"
    if [ $st -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "  FAIL tabari suite below threshold"; fi

    echo "== dev set ($SHARED/eval/dev.jsonl)"
    "$P" code --dict "$SHARED/dicts/phoenix" "$SHARED/eval/dev.jsonl" > "$OUT/dev.phoenix.jsonl" 2> /dev/null
    echo "  Phoenix dictionaries:"
    python3 "$SHARED/eval/score.py" "$SHARED/eval/dev.jsonl" "$OUT/dev.phoenix.jsonl" --min-f1 0.38 \
        > "$OUT/dev.phoenix.log" 2>&1
    st=$?
    sed 's/^/    /' "$OUT/dev.phoenix.log"
    if [ $st -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "  FAIL dev set (phoenix) below threshold"; fi
    "$P" code "$SHARED/eval/dev.jsonl" > "$OUT/dev.default.jsonl" 2> /dev/null
    echo "  parley's default dictionaries:"
    python3 "$SHARED/eval/score.py" "$SHARED/eval/dev.jsonl" "$OUT/dev.default.jsonl" --min-f1 0.75 \
        > "$OUT/dev.default.log" 2>&1
    st=$?
    sed 's/^/    /' "$OUT/dev.default.log"
    if [ $st -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "  FAIL dev set (default) below threshold"; fi
    # document understanding shows on the items of several sentences
    python3 tests/suites/devsplit.py "$P" "$SHARED/eval/dev.jsonl" "$OUT/dev.default.jsonl" | sed 's/^/    /'
else
    echo "== SKIP: $SHARED not found: the PETRARCH suite and the dev-set evaluation need it"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
