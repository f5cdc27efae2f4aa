#!/bin/sh
# errors.sh - bad records between good ones: each bad one gets one JSON line on stderr
# ({"input","line","doc_id","error"}) naming the input line (and id when known), every good
# one is still coded, a summary line closes the report, exit status 3.
# usage: errors.sh PARLEY
set -u
P="$1"
D="$(dirname "$0")/../golden/dicts"
tmp="${TMPDIR:-/tmp}/parley-errors.$$"
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
printf '%s\n' \
  '{"id": "good-1", "date": "2024-03-04", "text": "Norway condemned Latvia."}' \
  '{"id": "broken", "date": "2024-03-04", "text": "unterminated' \
  '{"id": "nodate", "text": "Norway condemned Latvia."}' \
  > "$tmp/in.jsonl"
printf '{"id": "badutf8", "date": "2024-03-04", "text": "Norway \377 condemned Latvia."}\n' >> "$tmp/in.jsonl"
printf '%s\n' '{"id": "good-2", "date": "2024-03-04", "text": "Finland condemned Estonia."}' >> "$tmp/in.jsonl"

"$P" code --dict "$D" --no-default-dicts "$tmp/in.jsonl" > "$tmp/out" 2> "$tmp/err"
status=$?
fail=0
check() { if ! eval "$1"; then echo "  FAIL: $2"; fail=1; fi; }
check '[ "$status" -eq 3 ]' "exit status $status, expected 3"
check 'grep -q "\"doc_id\":\"good-1\".*\"NOR\".*\"LVA\"" "$tmp/out"' "good-1 coded"
check 'grep -q "\"doc_id\":\"good-2\".*\"FIN\".*\"EST\"" "$tmp/out"' "good-2 coded"
check '[ "$(grep -c "\"severity\":\"error\"" "$tmp/err")" -eq 3 ]' "three error lines, got: $(cat "$tmp/err")"
check 'grep -q "in.jsonl\",\"line\":2,.*malformed JSON" "$tmp/err"' "line 2: malformed JSON"
check 'grep -q "in.jsonl\",\"line\":3,\"doc_id\":\"nodate\",\"error\":\"missing \\\\\"date" "$tmp/err"' "line 3: missing date"
check 'grep -q "in.jsonl\",\"line\":4,\"doc_id\":\"badutf8\",.*UTF-8" "$tmp/err"' "line 4: invalid UTF-8"
check 'tail -n 1 "$tmp/err" | grep -q "^{\"summary\":{\"records\":5,\"coded\":2,\"failed\":3"' "summary line"
check 'python3 -c "import json,sys; [json.loads(l) for l in open(sys.argv[1])]" "$tmp/err"' "every report line is JSON"
# --errors FILE takes the reports off stderr
"$P" code --dict "$D" --no-default-dicts --errors "$tmp/errfile" "$tmp/in.jsonl" > /dev/null 2> "$tmp/err4"
check '[ $? -eq 3 ] && [ ! -s "$tmp/err4" ] && [ "$(wc -l < "$tmp/errfile")" -eq 4 ]' "--errors FILE"

# plain text with and without --date
printf 'Norway condemned Latvia.\n' > "$tmp/story.txt"
"$P" code --dict "$D" --no-default-dicts "$tmp/story.txt" > "$tmp/out2" 2> "$tmp/err2"
check '[ $? -eq 3 ] && grep -q "needs a publication date" "$tmp/err2"' "text without --date is an error"
"$P" code --dict "$D" --no-default-dicts --date 2024-03-04 "$tmp/story.txt" > "$tmp/out3" 2>&1
check '[ $? -eq 0 ] && grep -q "\"doc_id\":\"story.txt\"" "$tmp/out3"' "text with --date is coded"

# negated events: dropped by default, written and marked with --keep-negated
printf 'Norway did not condemn Latvia.\n' > "$tmp/neg.txt"
"$P" code --dict "$D" --no-default-dicts --date 2024-03-04 "$tmp/neg.txt" > "$tmp/out4" 2>&1
check '[ ! -s "$tmp/out4" ]' "a negated event is not written by default"
"$P" code --dict "$D" --no-default-dicts --date 2024-03-04 --keep-negated "$tmp/neg.txt" > "$tmp/out5" 2>&1
check 'grep -q "\"negated\":true" "$tmp/out5"' "--keep-negated writes it marked negated"

# an unreadable dictionary is fatal (status 1), a bad option is usage (status 2)
"$P" code --verbs /nonexistent/x.verbs.txt < /dev/null > /dev/null 2>&1
check '[ $? -eq 1 ]' "missing dictionary gives status 1"
"$P" code --bogus < /dev/null > /dev/null 2>&1
check '[ $? -eq 2 ]' "unknown option gives status 2"

if [ "$fail" -eq 0 ]; then
    echo "cli: 1 passed, 0 failed"
    exit 0
fi
echo "cli: 0 passed, 1 failed"
exit 1
