#!/bin/sh
# replay.sh - replays the fuzz seeds and every saved regression input through the CLI
# (called by tests/run.sh, so `make check-asan` replays them under the sanitizers too).
#
#   fuzz/replay.sh PARLEY
#
# Reader and pipeline inputs are coded in one run per target; each must end with status 0
# or 3 (coded, or some records reported) within the time limit. Dictionary inputs are
# loaded one by one and code a sentence: status 0 (warnings allowed) or 1 (refused).
# Anything else (a signal, a sanitizer's exit code 86) is a failure. Ends with
# "fuzz-replay: N passed, N failed".
set -u
cd "$(dirname "$0")/.."
P=$1
D=tests/golden/dicts
export ASAN_OPTIONS=${ASAN_OPTIONS:-exitcode=86} UBSAN_OPTIONS=${UBSAN_OPTIONS:-exitcode=86}
passed=0
failed=0
. fuzz/seeds.sh
files() { # seeds and regressions of a target
    seed_files "$1"
    [ -d "fuzz/regress/$1" ] && find "fuzz/regress/$1" -type f | sort
}
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "  FAIL  $1"; }
for t in jsonl html feed petrarch tabari pipeline; do
    list=$(files $t)
    [ -z "$list" ] && continue
    fmt=$t
    [ $t = pipeline ] && fmt=auto
    # shellcheck disable=SC2086
    timeout 300 "$P" code --dict $D --input-format $fmt --date 2024-01-01 $list \
        > /dev/null 2> "${TMPDIR:-/tmp}/replay.$$"
    st=$?
    if [ $st -eq 0 ] || [ $st -eq 3 ]; then ok; else bad "$t: status $st"; tail -n 3 "${TMPDIR:-/tmp}/replay.$$"; fi
done
S='{"id": "s", "date": "2024-01-01", "text": "Norway'"'"'s foreign minister condemned Latvia on Monday, and the U.N. said Finnish police arrested three Estonian protesters in Helsinki."}'
for k in verbs actors agents discards; do
    for f in $(files dict_$k); do
        # loaded, then used to code a sentence (as the fuzz target does)
        echo "$S" | timeout 60 "$P" code --no-default-dicts --$k "$f" > /dev/null 2>&1
        st=$?
        if [ $st -eq 0 ] || [ $st -eq 1 ]; then ok; else bad "dict_$k $f: status $st"; fi
    done
done
rm -f "${TMPDIR:-/tmp}/replay.$$"
echo "fuzz-replay: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
