#!/bin/bash
# run.sh - `make bench`: throughput of `parley code` on the shared corpora.
#
# For each corpus (../shared/corpus: Reuters-21578 and BBC politics) and each dictionary
# set (parley's defaults, the Phoenix dictionaries), runs `parley code --stats` RUNS times
# and reports the median run: sentences/s, documents/s, MB/s, events/s, peak RSS and the
# dictionary load time, plus a checksum of the output so that a change that alters the
# events shows up next to the speed it claims. Skips with a message when ../shared is absent.
set -u
cd "$(dirname "$0")/.."
P=build/parley
SHARED=${SHARED:-../shared}
RUNS=${RUNS:-3}
OUT=build/bench
mkdir -p "$OUT"
if [ ! -d "$SHARED/corpus" ]; then
    echo "bench: SKIP: $SHARED/corpus not found"
    exit 0
fi
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(uname -r)"
printf '%-14s %-8s %10s %9s %7s %9s %7s %8s  %s\n' corpus dicts "sent/s" "docs/s" "MB/s" "events/s" "RSS MB" "load ms" "output sha256"
for corpus in reuters21578/dev.jsonl bbc-politics/politics.jsonl; do
    in="$SHARED/corpus/$corpus"
    [ -f "$in" ] || { echo "bench: SKIP $corpus (absent)"; continue; }
    for dicts in default phoenix; do
        opt=()
        [ "$dicts" = phoenix ] && opt=(--dict "$SHARED/dicts/phoenix")
        rm -f "$OUT/runs.txt"
        for _ in $(seq "$RUNS"); do
            "$P" code --stats "${opt[@]}" "$in" > "$OUT/out.jsonl" 2> "$OUT/stats.txt"
            line=$(grep 'documents,' "$OUT/stats.txt" | tail -n 1)
            secs=$(echo "$line" | sed -E 's/.* in ([0-9.]+) s .*/\1/')
            echo "$secs|$line" >> "$OUT/runs.txt"
        done
        med=$(sort -t'|' -k1,1n "$OUT/runs.txt" | sed -n "$(( (RUNS + 1) / 2 ))p" | cut -d'|' -f2)
        docs=$(echo "$med" | sed -E 's/.*parley: ([0-9]+) documents.*/\1/')
        sents=$(echo "$med" | sed -E 's/.* ([0-9]+) sentences,.*/\1/')
        events=$(echo "$med" | sed -E 's/.* ([0-9]+) events,.*/\1/')
        bytes=$(echo "$med" | sed -E 's/.* ([0-9]+) bytes.*/\1/')
        secs=$(echo "$med" | sed -E 's/.* in ([0-9.]+) s .*/\1/')
        load=$(echo "$med" | sed -E 's/.*loaded in ([0-9.]+) ms.*/\1/')
        rss=$(echo "$med" | sed -E 's/.*peak RSS ([0-9]+) MB.*/\1/')
        sum=$(sha256sum < "$OUT/out.jsonl" | cut -c1-16)
        awk -v c="${corpus%%/*}" -v d="$dicts" -v s="$sents" -v dc="$docs" -v b="$bytes" -v e="$events" \
            -v t="$secs" -v r="$rss" -v l="$load" -v h="$sum" 'BEGIN {
            printf "%-14s %-8s %10.0f %9.0f %7.1f %9.0f %7d %8.1f  %s\n", c, d, s / t, dc / t, b / t / 1e6, e / t, r, l, h }'
    done
done
