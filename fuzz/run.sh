#!/bin/sh
# run.sh - runs each libFuzzer target for FUZZ_SECONDS (make fuzz).
#
#   FUZZ_B=build/fuzz FUZZ_SECONDS=60 fuzz/run.sh TARGET...
#
# Seeds: fuzz/corpus/TARGET and the reader fixtures (fuzz/seeds.sh; kept in the repository,
# copied to $FUZZ_B/seeds/TARGET for libFuzzer, which reads directories); new inputs the
# fuzzer finds go to $FUZZ_B/corpus/TARGET; crashes, leaks and timeouts to
# $FUZZ_B/crashes/TARGET/. Copy a crash into fuzz/regress/TARGET/ once it is fixed, so that
# `make check` replays it from then on. Exits 1 when any target found something.
set -u
cd "$(dirname "$0")/.."
B=${FUZZ_B:-build/fuzz}
S=${FUZZ_SECONDS:-60}
. fuzz/seeds.sh
found=0
for t in "$@"; do
    mkdir -p "$B/corpus/$t" "$B/crashes/$t"
    rm -rf "$B/seeds/$t" && mkdir -p "$B/seeds/$t"
    for f in $(seed_files "$t"); do
        cp "$f" "$B/seeds/$t/$(echo "$f" | tr / _)"
    done
    dict=""
    case "$t" in
    html|pipeline) dict="-dict=fuzz/dicts/html.dict" ;;
    feed|petrarch) dict="-dict=fuzz/dicts/xml.dict" ;;
    jsonl) dict="-dict=fuzz/dicts/json.dict" ;;
    dict_*) dict="-dict=fuzz/dicts/dict.dict" ;;
    esac
    start=$(date +%s)
    "$B/fuzz_$t" -max_total_time="$S" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 $dict -artifact_prefix="$B/crashes/$t/" \
        "$B/corpus/$t" "$B/seeds/$t" > "$B/$t.log" 2>&1
    st=$?
    end=$(date +%s)
    execs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$B/$t.log" | grep -Eo '[0-9]+$')
    cov=$(grep -Eo 'cov: [0-9]+' "$B/$t.log" | tail -n 1)
    if [ $st -ne 0 ] || [ -n "$(ls -A "$B/crashes/$t")" ]; then
        found=1
        echo "fuzz $t: FOUND something after $((end - start)) s (see $B/$t.log, $B/crashes/$t/)"
        grep -E 'ERROR|SUMMARY|runtime error' "$B/$t.log" | head -n 5 | sed 's/^/    /'
    else
        echo "fuzz $t: $((end - start)) s, ${execs:-?} runs, $cov, nothing found"
    fi
done
exit $found
