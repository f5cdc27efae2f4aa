#!/bin/sh
# geo.sh - placing events never changes them: `parley code` with and without the location
# stage (--option geo=false) writes the same events once the location fields are removed.
# Runs on the examples, and on ../shared's dev set and a slice of its Reuters corpus when
# present.  usage: geo.sh PARLEY [SHARED]
set -u
P="$1"
SHARED="${2:-../shared}"
OUT=build/test-out
mkdir -p "$OUT"
files="examples/wire.jsonl"
[ -f "$SHARED/eval/dev.jsonl" ] && files="$files $SHARED/eval/dev.jsonl"
if [ -f "$SHARED/corpus/reuters21578/dev.jsonl" ]; then
    head -n 1500 "$SHARED/corpus/reuters21578/dev.jsonl" > "$OUT/geo-reuters.jsonl"
    files="$files $OUT/geo-reuters.jsonl"
fi
strip() {
    python3 -c '
import json, sys
for ln in sys.stdin:
    e = json.loads(ln)
    for k in ("location", "source_location", "target_location"):
        e.pop(k, None)
    e.get("evidence", {}).pop("location", None)
    print(json.dumps(e, sort_keys=True))'
}
fail=0
for f in $files; do
    "$P" code "$f" 2> /dev/null | strip > "$OUT/geo-on.jsonl"
    "$P" code --option geo=false "$f" 2> /dev/null | strip > "$OUT/geo-off.jsonl"
    if ! cmp -s "$OUT/geo-on.jsonl" "$OUT/geo-off.jsonl"; then
        echo "  FAIL: locations changed the events of $f"
        fail=1
    fi
    n=$("$P" code "$f" 2> /dev/null | grep -c '"location":{')
    echo "  $(basename "$f"): $(wc -l < "$OUT/geo-on.jsonl") events, $n placed, same events without geo"
done
if [ "$fail" -eq 0 ]; then
    echo "geo: 1 passed, 0 failed"
    exit 0
fi
echo "geo: 0 passed, 1 failed"
exit 1
