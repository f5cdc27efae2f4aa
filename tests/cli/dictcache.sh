#!/bin/sh
# dictcache.sh - compiled dictionaries from the command line: the first run writes a copy
# to the cache, the next one loads it, and both code exactly what --no-dict-cache codes
# (warnings included); a damaged copy is reported once and replaced; an unwritable cache
# is skipped silently; where the cache lives; parley dict compile + --dict-compiled.
# usage: dictcache.sh PARLEY   ($SHARED/dicts/phoenix is used too when present)
set -u
P="$1"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
IN="$ROOT/examples/wire.jsonl"
G="$ROOT/tests/golden/dicts"
SHARED=${SHARED:-$ROOT/../shared}
tmp="${TMPDIR:-/tmp}/parley-dictcache.$$"
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
unset XDG_CACHE_HOME
export PARLEY_CACHE_DIR="$tmp/cache"
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "  FAIL: $*"; }
same() { # same NAME FILE1 FILE2
    if cmp -s "$2" "$3"; then ok; else bad "$1: $2 and $3 differ"; diff "$2" "$3" | head -5; fi
}
# runs parley code with the given options on $IN: $tmp/$name.out, .err (without the
# --stats line) and .stats
code() {
    name=$1
    shift
    "$P" code --stats "$@" "$IN" > "$tmp/$name.out" 2> "$tmp/$name.all"
    echo $? > "$tmp/$name.rc"
    grep -v 'documents,' "$tmp/$name.all" > "$tmp/$name.err"
    grep 'documents,' "$tmp/$name.all" > "$tmp/$name.stats"
}
origin() { # origin NAME WANT: the --stats line says where the dictionaries came from
    if grep -q "($2)" "$tmp/$1.stats"; then ok; else bad "$1: expected ($2) in: $(cat "$tmp/$1.stats")"; fi
}

# --- defaults: build, hit, bypass, threads ----------------------------------------------
code text --no-dict-cache
code build
code hit
code threads -j 3
origin text "from text"
origin build "from text, compiled copy cached"
origin hit "from the compiled cache"
origin threads "from the compiled cache"
for r in build hit threads; do
    same "$r output" "$tmp/text.out" "$tmp/$r.out"
    same "$r stderr" "$tmp/text.err" "$tmp/$r.err"
done
n=$(ls "$PARLEY_CACHE_DIR"/dict-*.pdc 2>/dev/null | wc -l)
[ "$n" -eq 1 ] && ok || bad "expected one compiled file in the cache, found $n"
[ "$(wc -l < "$tmp/text.out")" -ge 5 ] && ok || bad "too few events"

# --- warnings are replayed from the copy --------------------------------------------------
mkdir -p "$tmp/dicts"
cp "$G"/* "$tmp/dicts/"
for f in "$tmp"/dicts/*actor*; do
    printf 'BROKEN_ONE [XYZ 2010-01-01]\nBROKEN_TWO [XYZ >20201301]\n' >> "$f"
done
code wtext --dict "$tmp/dicts" --dict-warnings --no-dict-cache
code wbuild --dict "$tmp/dicts" --dict-warnings
code whit --dict "$tmp/dicts" --dict-warnings
origin whit "from the compiled cache"
grep -q "XYZ 2010-01-01" "$tmp/wtext.err" && ok || bad "the broken lines were not reported"
same "warnings (build)" "$tmp/wtext.err" "$tmp/wbuild.err"
same "warnings (hit)" "$tmp/wtext.err" "$tmp/whit.err"
same "output (hit)" "$tmp/wtext.out" "$tmp/whit.out"

# --- a changed dictionary is a miss -------------------------------------------------------
for f in "$tmp"/dicts/*actor*; do echo 'SOMEWHERE_ELSE [SWE]' >> "$f"; done
code wchanged --dict "$tmp/dicts" --dict-warnings
origin wchanged "from text, compiled copy cached"

# --- a damaged copy: one warning, the text, a new copy ----------------------------------
for f in "$PARLEY_CACHE_DIR"/dict-*.pdc; do
    head -c 1000 "$f" > "$f.cut" && mv "$f.cut" "$f"
done
code damaged
origin damaged "from text, compiled copy cached"
same "output (damaged)" "$tmp/text.out" "$tmp/damaged.out"
grep -q 'ignoring this dictionary cache (a truncated compiled dictionary)' "$tmp/damaged.err" && ok ||
    bad "no warning about the damaged copy: $(cat "$tmp/damaged.err")"
code repaired
origin repaired "from the compiled cache"
same "stderr (repaired)" "$tmp/text.err" "$tmp/repaired.err"

# --- a cache that cannot be written: no warning, same output ------------------------------
PARLEY_CACHE_DIR=/dev/null/parley code nowrite
origin nowrite "from text"
same "output (unwritable)" "$tmp/text.out" "$tmp/nowrite.out"
same "stderr (unwritable)" "$tmp/text.err" "$tmp/nowrite.err"

# --- where the cache lives -----------------------------------------------------------------
mkdir -p "$tmp/home" "$tmp/xdg"
env -u PARLEY_CACHE_DIR HOME="$tmp/home" "$P" code "$IN" > /dev/null 2>&1
ls "$tmp"/home/.cache/parley/dict-*.pdc > /dev/null 2>&1 && ok || bad "nothing in \$HOME/.cache/parley"
env -u PARLEY_CACHE_DIR HOME="$tmp/home" XDG_CACHE_HOME="$tmp/xdg" "$P" code "$IN" > /dev/null 2>&1
ls "$tmp"/xdg/parley/dict-*.pdc > /dev/null 2>&1 && ok || bad "nothing in \$XDG_CACHE_HOME/parley"

# --- parley dict compile and --dict-compiled ---------------------------------------------------
"$P" dict compile -o "$tmp/default.pdc" 2> "$tmp/compile.err" && ok || bad "dict compile failed: $(cat "$tmp/compile.err")"
code compiled --dict-compiled "$tmp/default.pdc"
origin compiled "from a compiled file"
same "output (--dict-compiled)" "$tmp/text.out" "$tmp/compiled.out"
"$P" code --dict-compiled "$tmp/default.pdc" --dict "$G" "$IN" > /dev/null 2>&1 && bad "--dict-compiled with --dict accepted" || ok
"$P" dict lint --dict-compiled "$tmp/default.pdc" > /dev/null 2>&1
[ $? -eq 2 ] && ok || bad "dict lint --dict-compiled: expected exit 2"
"$P" dict compile > /dev/null 2>&1
[ $? -eq 2 ] && ok || bad "dict compile without -o: expected exit 2"
head -c 5000 "$tmp/default.pdc" > "$tmp/cut.pdc"
"$P" code --dict-compiled "$tmp/cut.pdc" "$IN" > /dev/null 2> "$tmp/cut.err"
[ $? -eq 1 ] && grep -q truncated "$tmp/cut.err" && ok || bad "a truncated --dict-compiled file: $(cat "$tmp/cut.err")"
# lint reads the text, and writes no copy
rm -rf "$PARLEY_CACHE_DIR"
"$P" dict lint > /dev/null 2>&1
[ ! -d "$PARLEY_CACHE_DIR" ] && ok || bad "dict lint wrote to the cache"

# --- Phoenix, when the shared dictionaries are here ----------------------------------------
if [ -d "$SHARED/dicts/phoenix" ]; then
    code ptext --dict "$SHARED/dicts/phoenix" --dict-warnings --no-dict-cache
    code pbuild --dict "$SHARED/dicts/phoenix" --dict-warnings
    code phit --dict "$SHARED/dicts/phoenix" --dict-warnings -j 2
    origin phit "from the compiled cache"
    same "Phoenix output" "$tmp/ptext.out" "$tmp/phit.out"
    same "Phoenix warnings" "$tmp/ptext.err" "$tmp/phit.err"
    same "Phoenix output (build)" "$tmp/ptext.out" "$tmp/pbuild.out"
fi

echo "dictcache: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
