#!/bin/sh
# explain.sh - `parley explain`: the human form names the dictionary lines and the winning
# pattern; the --json form is one valid JSON object per document with the same facts.
# usage: explain.sh PARLEY
set -u
P="$1"
D="$(dirname "$0")/../golden/dicts"
fail=0
check() { if ! eval "$1"; then echo "  FAIL: $2"; fail=1; fi; }
text="Anna Strand met the Finnish foreign minister on Monday. She condemned Latvia."
out=$("$P" explain --dict "$D" --no-default-dicts --date 2024-03-07 --text "$text")
check 'echo "$out" | grep -q "world.actors.txt:[0-9]* ANNA_STRAND \[NORGOV 2020-03-01..2024-05-31\]"' "actor line and window"
check 'echo "$out" | grep -q "verb .*world.verbs.txt:[0-9]* \"MEET\""' "verb form line"
check 'echo "$out" | grep -q "\"She\" -> NORGOV  (refers to np0 of sentence 0)"' "pronoun antecedent"
check 'echo "$out" | grep -q "NORGOV -> LVA  122"' "event listed"
json=$("$P" explain --json --dict "$D" --no-default-dicts --date 2024-03-07 --text "$text")
check 'echo "$json" | python3 -c "
import json, sys
d = json.loads(sys.stdin.read())
assert d[\"doc_id\"] == \"text\"
assert d[\"sentences\"][1][\"phrases\"][0][\"antecedent\"] == {\"sentence\": 0, \"phrase\": 0}
assert any(v.get(\"code\") == \"040:040\" for v in d[\"sentences\"][0][\"verbs\"])
assert len(d[\"events\"]) == 3
"' "json structure"
# where each event happened, and why that place
geo="Israeli jets struck Hezbollah fighters near Tripoli, Lebanon, on Monday."
out=$("$P" explain --date 2024-03-07 --text "$geo")
check 'echo "$out" | grep -q "\"Tripoli\" locative: Tripoli (city, LBN, population [0-9]*), narrowed by a qualifier"' "place and reason"
check 'echo "$out" | grep -q "at Tripoli (city, LBN) stated: \"Tripoli\" = place p0"' "event location"
json=$("$P" explain --json --date 2024-03-07 --text "$geo")
check 'echo "$json" | python3 -c "
import json, sys
d = json.loads(sys.stdin.read())
assert d[\"places\"][0][\"place\"] == {\"name\": \"Tripoli\", \"country\": \"LBN\", \"type\": \"city\"}
assert d[\"places\"][1][\"role\"] == \"qualifier\"
assert all(e[\"location\"][\"precision\"] == \"stated\" for e in d[\"events\"])
"' "json places"
# `parley code` does not read the verbs of a sentence where no phrase is coded (they can
# give no event); explain reads them all (parley_options.trace). The events must be the
# same either way: every golden record, the dev set and a slice of Reuters, with the test
# dictionaries and the defaults.
out=$("$P" explain --date 2024-03-07 --text "The weather stayed mild and the markets rallied.")
check 'echo "$out" | grep -q "verb .*parley.verbs.txt:[0-9]* \"RALLY\""' "a verb of a sentence without actors is read for explain"
out=$("$P" explain --date 2024-03-07 --text "The weather was mild in Oslo on Monday.")
check 'echo "$out" | grep -q "\"Oslo\" locative: Oslo (city, NOR"' "the places of a document without events are shown"
tmp=$(mktemp -d)
grep -h '^< ' "$(dirname "$0")"/../golden/*.test | cut -c3- > "$tmp/golden.jsonl"
shared="$(dirname "$0")/../../../shared"
set -- "$tmp/golden.jsonl"
if [ -f "$shared/eval/dev.jsonl" ]; then
    head -n 400 "$shared/corpus/reuters21578/dev.jsonl" > "$tmp/reuters.jsonl"
    set -- "$@" "$shared/eval/dev.jsonl" "$tmp/reuters.jsonl"
else
    echo "  SKIP  trace comparison on ../shared (absent): golden records only"
fi
for f in "$@"; do
    for dicts in "--dict $D --no-default-dicts" ""; do
        # shellcheck disable=SC2086
        "$P" code $dicts "$f" > "$tmp/plain" 2> /dev/null
        # shellcheck disable=SC2086
        "$P" code --trace $dicts "$f" > "$tmp/trace" 2> /dev/null
        check 'test -s "$tmp/plain" && cmp -s "$tmp/plain" "$tmp/trace"' "same events with and without --trace: $(basename "$f") ${dicts:-default dictionaries}"
    done
done
rm -rf "$tmp"
if [ "$fail" -eq 0 ]; then
    echo "explain: 1 passed, 0 failed"
    exit 0
fi
echo "explain: 0 passed, 1 failed"
exit 1
