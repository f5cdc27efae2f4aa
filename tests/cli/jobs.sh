#!/bin/sh
# jobs.sh - `parley code -j N` writes exactly what -j 1 writes, in input order, bad
# records included (their errors on stderr, the exit status 3).
# usage: jobs.sh PARLEY
set -u
P="$1"
G="$(dirname "$0")/../golden"
tmp="${TMPDIR:-/tmp}/parley-jobs.$$"
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
# every golden document, several times over, with bad records in the middle: the worker
# threads parse JSON Lines records (parley_record_parse), so every kind of report a record
# can get must come out as -j 1 writes it, in its place
long_text=$(printf 'Norway and Latvia %.0s' $(seq 1 120))
for k in 1 2 3 4 5; do
    grep -h '^< ' "$G"/*.test | cut -c3-
    if [ "$k" -eq 3 ]; then
        echo '{"id": "bad", "date": "2024-13-45", "text": "x"}'
        echo '{"id": "trunc", "date": "2024-05-06", "text": "Norway condemned'
        echo '["not", "an", "object"]'
        echo '{"id": "tail", "date": "2024-05-06", "text": "Norway condemned Latvia."} x'
        echo ''
        echo '{"id": "notext", "date": "2024-05-06", "text": 7}'
        echo '{"id": "nodate", "text": "Norway condemned Latvia."}'
        printf '{"id": "utf\377", "date": "2024-05-06", "text": "Norway condemned Latvia."}\n'
        echo '{"id": "de1", "date": "2024-05-06", "text": "Die Regierung in Berlin hat am Montag neue Regeln für den Handel mit den Nachbarländern beschlossen. Nach Angaben des Ministeriums sollen die Zölle im kommenden Jahr sinken, während die Opposition vor steigenden Preisen für die Verbraucher warnt und eine Debatte im Parlament verlangt."}'
        echo '{"id": "ctl", "date": "2024-05-06", "text": "\u0001\u0002x\u0001\u0002x\u0001\u0002x\u0001\u0002x\u0001\u0002x\u0001\u0002x\u0001\u0002x\u0001\u0002x\u0001\u0002x\u0001\u0002x"}'
        echo "{\"id\": \"long\", \"date\": \"2024-05-06\", \"text\": \"Norway condemned Latvia. $long_text met.\"}"
        printf '{"id": "huge", "date": "2024-05-06", "text": "%s"}\n' "$(printf 'x%.0s' $(seq 1 5000))"
    fi
done > "$tmp/in.jsonl"
opts="--dict $G/dicts --no-default-dicts --max-sentence-tokens 100 --max-doc-bytes 4K --stats"
"$P" code $opts -j 1 "$tmp/in.jsonl" > "$tmp/one" 2> "$tmp/one.err"
s1=$?
fail=0
for j in 2 3 0; do   # 0: a thread a core
    "$P" code $opts -j $j "$tmp/in.jsonl" > "$tmp/j$j" 2> "$tmp/j$j.err"
    sj=$?
    if ! cmp -s "$tmp/one" "$tmp/j$j"; then echo "  FAIL: -j $j output differs from -j 1"; fail=1; fi
    if [ "$s1" -ne 3 ] || [ "$sj" -ne 3 ]; then echo "  FAIL: exit statuses $s1 and $sj, expected 3"; fail=1; fi
    # the reports and the summary, not the --stats timing line
    grep -v '^parley: ' "$tmp/one.err" > "$tmp/one.rep"
    grep -v '^parley: ' "$tmp/j$j.err" > "$tmp/j$j.rep"
    if ! cmp -s "$tmp/one.rep" "$tmp/j$j.rep"; then echo "  FAIL: -j $j reports differ"; fail=1; fi
    counts() { grep '^parley: ' "$1" | sed -E 's/ bytes in .*//'; }
    if [ "$(counts "$tmp/one.err")" != "$(counts "$tmp/j$j.err")" ]; then
        echo "  FAIL: -j $j counts differ: $(counts "$tmp/j$j.err")"; fail=1
    fi
done
if [ "$(wc -l < "$tmp/one")" -lt 100 ]; then echo "  FAIL: too few events"; fail=1; fi
for bad in -1 257 x 2x; do
    "$P" code -j "$bad" "$tmp/in.jsonl" > /dev/null 2>&1
    st=$?
    if [ "$st" -ne 2 ]; then echo "  FAIL: -j $bad: exit status $st, expected 2 (usage)"; fail=1; fi
done
# every kind of report: 8 bad records (one over the size limit), 2 skipped, 1 warning
for code in EDATE ESYNTAX EFIELD EUTF8 ESKIP ELIMIT; do
    grep -q "\"code\":\"$code\"" "$tmp/one.rep" || { echo "  FAIL: no $code report"; fail=1; }
done
grep -q '"severity":"warning"' "$tmp/one.rep" || { echo "  FAIL: no warning"; fail=1; }
if [ "$fail" -eq 0 ]; then echo "jobs: 1 passed, 0 failed"; exit 0; fi
echo "jobs: 0 passed, 1 failed"
exit 1
