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
# every golden document, several times over, with a bad record in the middle
for k in 1 2 3 4 5; do
    grep -h '^< ' "$G"/*.test | cut -c3-
    [ "$k" -eq 3 ] && echo '{"id": "bad", "date": "2024-13-45", "text": "x"}'
done > "$tmp/in.jsonl"
"$P" code --dict "$G/dicts" --no-default-dicts -j 1 "$tmp/in.jsonl" > "$tmp/one" 2> "$tmp/one.err"
s1=$?
"$P" code --dict "$G/dicts" --no-default-dicts -j 3 "$tmp/in.jsonl" > "$tmp/three" 2> "$tmp/three.err"
s3=$?
fail=0
if ! cmp -s "$tmp/one" "$tmp/three"; then echo "  FAIL: -j 3 output differs from -j 1"; fail=1; fi
if [ "$s1" -ne 3 ] || [ "$s3" -ne 3 ]; then echo "  FAIL: exit statuses $s1 and $s3, expected 3"; fail=1; fi
if ! cmp -s "$tmp/one.err" "$tmp/three.err"; then echo "  FAIL: stderr differs"; fail=1; fi
if [ "$(wc -l < "$tmp/one")" -lt 100 ]; then echo "  FAIL: too few events"; fail=1; fi
if [ "$fail" -eq 0 ]; then echo "jobs: 1 passed, 0 failed"; exit 0; fi
echo "jobs: 0 passed, 1 failed"
exit 1
