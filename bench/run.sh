#!/bin/bash
# run.sh - `make bench`: throughput of `parley code` on the shared corpora.
#
# For each corpus (../shared/corpus: Reuters-21578 and BBC politics) and each dictionary
# set (parley's defaults, the Phoenix dictionaries), runs `parley code --stats` RUNS times
# and reports the median run: sentences/s, documents/s, MB/s, events/s, peak RSS and the
# dictionary load time, plus a checksum of the output so that a change that alters the
# events shows up next to the speed it claims. Then the same corpora ingested into a store
# (SQLite, and PostgreSQL when a server answers) next to coding alone: documents/s,
# events/s, rows/s and the ingest's speed as a share of coding's. Skips with a message when
# ../shared is absent. First, dictionary start-up: each dictionary set loaded from text,
# from a compiled copy the run writes (cold) and from that copy afterwards (warm).
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
echo "load: $(uptime | sed 's/.*load average/load average/')"

# --- dictionary start-up: text, compiled cold (the copy is written), compiled warm --------
# For each dictionary set, LOAD_RUNS runs of each kind, medians: the load time parley
# reports (parley dict stats), the part of it spent hashing the sources, and a whole
# `parley code` process on empty input (the binary, its libraries, the lexicon and the
# dictionaries): its CPU time (perf's task-clock, when perf works) and its wall time,
# which a busy machine inflates. `parley --help` gives the floor of any process. Cold runs
# start from an empty cache directory each time; the copies live in build/bench/dict-cache,
# which the throughput runs below use too (their load times are warm).
LOAD_RUNS=${LOAD_RUNS:-7}
export PARLEY_CACHE_DIR="$PWD/$OUT/dict-cache"
med() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
have_perf=0
perf stat -x, -e task-clock true > /dev/null 2>&1 && have_perf=1
# run_timed CMD...: appends the wall time (us) to $OUT/l.wall and the CPU time (ms) to l.cpu
run_timed() {
    local t0 t1
    t0=$(date +%s%N)
    if [ "$have_perf" = 1 ]; then
        perf stat -x, -e task-clock -o "$OUT/perf.txt" "$@" < /dev/null > /dev/null 2>&1
    else
        "$@" < /dev/null > /dev/null 2>&1
    fi
    t1=$(date +%s%N)
    echo $(( (t1 - t0) / 1000 )) >> "$OUT/l.wall"
    if [ "$have_perf" = 1 ]; then
        awk -F, '/task-clock/ {print $1}' "$OUT/perf.txt" >> "$OUT/l.cpu"
    else
        echo 0 >> "$OUT/l.cpu"
    fi
}
printf '%-8s %-15s %8s %8s %14s %15s %8s\n' dicts "loaded from" "load ms" "hash ms" "process CPU ms" "process wall ms" "file MB"
rm -f "$OUT"/l.*
for _ in $(seq "$LOAD_RUNS"); do run_timed "$P" --help; done
awk -v c="$(med < "$OUT/l.cpu")" -v w="$(med < "$OUT/l.wall")" 'BEGIN {
    printf "%-8s %-15s %8s %8s %14.1f %15.1f %8s\n", "-", "(parley --help)", "-", "-", c, w / 1000, "-" }'
for dicts in default phoenix; do
    opt=()
    [ "$dicts" = phoenix ] && opt=(--dict "$SHARED/dicts/phoenix")
    for kind in text cold warm; do
        rm -f "$OUT"/l.*
        for _ in $(seq "$LOAD_RUNS"); do
            extra=()
            case $kind in
            text) extra=(--no-dict-cache) ;;
            cold) rm -rf "$PARLEY_CACHE_DIR" ;;
            esac
            "$P" dict stats "${opt[@]}" "${extra[@]}" > "$OUT/dstats.txt" 2> /dev/null
            sed -nE 's/^load time +([0-9.]+) ms/\1/p' "$OUT/dstats.txt" >> "$OUT/l.load"
            h=$(sed -nE 's/.*sources hashed in ([0-9.]+) ms.*/\1/p' "$OUT/dstats.txt")
            echo "${h:-0}" >> "$OUT/l.hash"
            [ "$kind" = cold ] && rm -rf "$PARLEY_CACHE_DIR"
            run_timed "$P" code "${opt[@]}" "${extra[@]}"
        done
        size=-
        if [ "$kind" = warm ]; then
            f=$(sed -nE 's/^compiled file +//p' "$OUT/dstats.txt")
            [ -n "$f" ] && size=$(awk -v b="$(stat -c %s "$f")" 'BEGIN {printf "%.1f", b / 1e6}')
        fi
        case $kind in
        text) label="text" ;;
        cold) label="text, caching" ;;
        warm) label="compiled cache" ;;
        esac
        awk -v d="$dicts" -v k="$label" -v l="$(med < "$OUT/l.load")" -v h="$(med < "$OUT/l.hash")" \
            -v c="$(med < "$OUT/l.cpu")" -v w="$(med < "$OUT/l.wall")" -v s="$size" 'BEGIN {
            printf "%-8s %-15s %8.1f %8.1f %14.1f %15.1f %8s\n", d, k, l, h, c, w / 1000, s }'
    done
done
[ "$have_perf" = 1 ] || echo "(perf not available: no CPU times)"
echo

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
        load=$(echo "$med" | sed -E 's/.*dictionaries loaded in ([0-9.]+) ms.*/\1/')
        rss=$(echo "$med" | sed -E 's/.*peak RSS ([0-9]+) MB.*/\1/')
        sum=$(sha256sum < "$OUT/out.jsonl" | cut -c1-16)
        awk -v c="${corpus%%/*}" -v d="$dicts" -v s="$sents" -v dc="$docs" -v b="$bytes" -v e="$events" \
            -v t="$secs" -v r="$rss" -v l="$load" -v h="$sum" 'BEGIN {
            printf "%-14s %-8s %10.0f %9.0f %7.1f %9.0f %7d %8.1f  %s\n", c, d, s / t, dc / t, b / t / 1e6, e / t, r, l, h }'
    done
done

# --- threads -----------------------------------------------------------------------------
# -j 1 and -j N runs alternate (a virtual machine's speed drifts by tens of percent from
# minute to minute: runs far apart cannot be compared), THREAD_RUNS of each; the medians
# and their ratio. The outputs of every -j must be the same bytes.
THREAD_RUNS=${THREAD_RUNS:-7}
in="$SHARED/corpus/reuters21578/dev.jsonl"
if [ -f "$in" ]; then
    echo
    jobs_list="1 2"
    [ "$(nproc)" -gt 2 ] && jobs_list="1 2 $(nproc)"
    rm -f "$OUT"/j.*
    for _ in $(seq "$THREAD_RUNS"); do
        for j in $jobs_list; do
            "$P" code -j "$j" --stats "$in" > "$OUT/out-j$j.jsonl" 2> "$OUT/stats.txt"
            grep 'documents,' "$OUT/stats.txt" | sed -E 's/.*\(([0-9]+) sentences\/s.*/\1/' >> "$OUT/j.$j"
        done
    done
    same=yes
    for j in $jobs_list; do cmp -s "$OUT/out-j1.jsonl" "$OUT/out-j$j.jsonl" || same=NO; done
    one=$(med < "$OUT/j.1")
    echo "threads, reuters21578, default dictionaries, $THREAD_RUNS alternating runs (median sentences/s, range):"
    for j in $jobs_list; do
        m=$(med < "$OUT/j.$j")
        awk -v j="$j" -v m="$m" -v one="$one" -v lo="$(sort -n "$OUT/j.$j" | head -1)" \
            -v hi="$(sort -n "$OUT/j.$j" | tail -1)" 'BEGIN {
            printf "  -j %-3s %9d  (%d-%d)  %.2fx\n", j, m, lo, hi, m / one }'
    done
    echo "  output identical at every -j: $same"
fi

# --- the location stage (src/geo) ----------------------------------------------------------
# Its cost against the rest of coding, two ways: bench/geocost.c codes each document with
# and without it back to back in one process (median of RUNS; separate runs of `parley
# code` differ by a third from run to run on a shared machine), and, when valgrind is
# installed, callgrind's instruction counts inclusive of geo_document() and parley_code()
# on the first GEO_DOCS Reuters articles (repeatable, but blind to memory stalls, which
# were most of the stage's cost before the gazetteer moved to huge pages). The gazetteer's
# start-up cost (its copy, gazetteer.c) shows as the time of a one-document run with and
# without the stage.
echo
echo "location stage (src/geo), bench/geocost.c (each document coded with and without it, back to back):"
for corpus in reuters21578/dev.jsonl bbc-politics/politics.jsonl; do
    in="$SHARED/corpus/$corpus"
    [ -f "$in" ] || continue
    rm -f "$OUT/geocost.txt"
    for _ in $(seq "$RUNS"); do
        "$OUT/geocost" "$in" >> "$OUT/geocost.txt"
    done
    # the median run, by its difference
    sed -E 's/.*: ([+-][0-9.]+)%.*/\1\t&/' "$OUT/geocost.txt" | sort -n | cut -f2 |
        sed -n "$(( (RUNS + 1) / 2 ))p" | sed "s|^|  ${corpus%%/*}: |"
done
in="$SHARED/corpus/reuters21578/dev.jsonl"
if command -v valgrind > /dev/null 2>&1 && command -v callgrind_annotate > /dev/null 2>&1 && [ -f "$in" ]; then
    head -n "${GEO_DOCS:-300}" "$in" > "$OUT/geo-slice.jsonl"
    valgrind --tool=callgrind --callgrind-out-file="$OUT/callgrind.geo" "$P" code "$OUT/geo-slice.jsonl" \
        > /dev/null 2>&1
    callgrind_annotate --inclusive=yes "$OUT/callgrind.geo" 2> /dev/null |
        awk -v n="${GEO_DOCS:-300}" '/ (parley_code|geo_document) / || /:(parley_code|geo_document) / {
            gsub(",", "", $1); if ($0 ~ /geo_document/) g = $1; else if ($0 ~ /parley_code/) p = $1 }
            END { if (p > 0) printf "  callgrind, %d Reuters articles: parley_code %.0f M instructions, geo_document %.2f M = %.2f%% (%.1f%% of coding without it)\n", n, p / 1e6, g / 1e6, g / p * 100, g / (p - g) * 100 }'
fi
"$P" dict stats 2> /dev/null | grep -E '^gazetteer' | sed 's/^/  /'

# --- ingest: the same corpora coded into a store, next to `parley code` alone ----------
# Each run starts from an empty store (a fresh SQLite file; a fresh PostgreSQL database
# when a server answers at $PARLEY_BENCH_PG or $PARLEY_TEST_PG, default
# postgresql:///postgres). Coding alone and the ingests take turns, run after run, so that
# a busy machine slows them alike; "% code" is the median over the runs of coding time /
# ingest time (the ingest's speed as a share of coding's). rows/s counts the rows the
# store holds afterwards (documents, events and mentions).
PG=${PARLEY_BENCH_PG:-${PARLEY_TEST_PG:-postgresql:///postgres}}
pg_ok=0
if command -v psql >/dev/null && psql -X -At "$PG" -c 'SELECT 1' >/dev/null 2>&1; then
    pg_ok=1
    PGDB=$(echo "$PG" | sed -E 's#^(postgres(ql)?://[^/]*)/[^?]*#\1/parley_bench#')
fi
median() { sort -n | sed -n "$(( (RUNS + 1) / 2 ))p"; }
secs_of() { grep 'documents,' "$1" | tail -n 1 | sed -E 's/.* in ([0-9.]+) s .*/\1/'; }
targets="sqlite"
[ "$pg_ok" = 1 ] && targets="sqlite postgresql"
echo
printf '%-14s %-8s %-10s %9s %9s %9s %7s  %s\n' corpus dicts target "docs/s" "events/s" "rows/s" "% code" "store rows (docs+events+mentions)"
for corpus in reuters21578/dev.jsonl bbc-politics/politics.jsonl; do
  in="$SHARED/corpus/$corpus"
  [ -f "$in" ] || continue
  for dicts in default phoenix; do
    opt=()
    [ "$dicts" = phoenix ] && opt=(--dict "$SHARED/dicts/phoenix")
    rm -f "$OUT"/secs.* "$OUT"/ratio.*
    for _ in $(seq "$RUNS"); do
        "$P" code --stats "${opt[@]}" "$in" 2> "$OUT/code.txt" > /dev/null
        c=$(secs_of "$OUT/code.txt")
        echo "$c" >> "$OUT/secs.code"
        for target in $targets; do
            if [ "$target" = sqlite ]; then
                db="$OUT/ingest.db"
                rm -f "$db" "$db-wal" "$db-shm"
            else
                psql -X -q "$PG" -c 'DROP DATABASE IF EXISTS parley_bench' -c 'CREATE DATABASE parley_bench' 2>/dev/null
                db="$PGDB"
            fi
            "$P" ingest --db "$db" --stats --no-progress "${opt[@]}" "$in" 2> "$OUT/ingest.$target.txt"
            t=$(secs_of "$OUT/ingest.$target.txt")
            echo "$t" >> "$OUT/secs.$target"
            awk -v c="$c" -v t="$t" 'BEGIN {print 100 * c / t}' >> "$OUT/ratio.$target"
            cp "$OUT/ingest.$target.txt" "$OUT/last.$target.txt"
            "$P" query --db "$db" --summary --format csv > "$OUT/summary.$target.csv"
        done
    done
    code_secs=$(median < "$OUT/secs.code")
    for target in $targets; do
        line=$(grep 'documents,' "$OUT/last.$target.txt" | tail -n 1)
        docs=$(echo "$line" | sed -E 's/.*parley: ([0-9]+) documents.*/\1/')
        events=$(echo "$line" | sed -E 's/.* ([0-9]+) events,.*/\1/')
        rows=$(awk -F, '$1 == "documents" || $1 == "events" || $1 == "mentions" {s += $2; t = t (t ? "+" : "") $2} END {print s " (" t ")"}' "$OUT/summary.$target.csv")
        awk -v c="${corpus%%/*}" -v d="$dicts" -v g="$target" -v dc="$docs" -v e="$events" \
            -v t="$(median < "$OUT/secs.$target")" -v q="$(median < "$OUT/ratio.$target")" -v r="$rows" 'BEGIN {
            split(r, rr, " ");
            printf "%-14s %-8s %-10s %9.0f %9.0f %9.0f %6.0f%%  %s\n", c, d, g, dc / t, e / t, rr[1] / t, q, r }'
    done
    printf '%-14s %-8s %-10s %9.0f %9s %9s %6s   (coding alone, median %s s)\n' "${corpus%%/*}" "$dicts" "code" \
        "$(awk -v t="$code_secs" -v d="$docs" 'BEGIN {print d / t}')" "" "" "100%" "$code_secs"
  done
done
[ "$pg_ok" = 1 ] && psql -X -q "$PG" -c 'DROP DATABASE IF EXISTS parley_bench' 2>/dev/null
[ "$pg_ok" = 1 ] || echo "(PostgreSQL: no server at $PG; set PARLEY_BENCH_PG to measure it)"
exit 0
