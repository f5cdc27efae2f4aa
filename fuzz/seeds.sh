# seeds.sh - the seed inputs of each fuzz target, sourced by run.sh and replay.sh.
#
# A target's seeds are its own files in fuzz/corpus/TARGET plus the reader fixtures of
# tests/input in its format; the pipeline target takes every reader's seeds. Keeping each
# fixture once means a fixture that changes for the reader tests changes for the fuzzers too.

# seed_files TARGET: one path a line
seed_files() {
    case "$1" in
    html) fix="tests/input/*.html" ;;
    feed) fix="tests/input/*.rss tests/input/*.atom" ;;
    petrarch) fix="tests/input/*.xml" ;;
    tabari) fix="tests/input/*.tabari" ;;
    pipeline) fix="tests/input/*.html tests/input/*.rss tests/input/*.atom tests/input/*.xml tests/input/*.tabari" ;;
    *) fix="" ;;
    esac
    dirs="fuzz/corpus/$1"
    [ "$1" = pipeline ] && dirs="$dirs fuzz/corpus/jsonl fuzz/corpus/html fuzz/corpus/feed fuzz/corpus/petrarch fuzz/corpus/tabari"
    {
        for d in $dirs; do
            [ -d "$d" ] && find "$d" -type f
        done
        # shellcheck disable=SC2086
        [ -n "$fix" ] && ls $fix 2>/dev/null
    } | sort -u
}
