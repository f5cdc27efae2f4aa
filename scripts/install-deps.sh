#!/bin/sh
# install-deps.sh - installs the Debian packages parley needs (Debian 12).
#
#   scripts/install-deps.sh            build and test dependencies
#   scripts/install-deps.sh --build    only what `make` needs
#   scripts/install-deps.sh --check    exit 1 (listing them) when build packages are missing
#
# Called by the Makefile when a build dependency is missing and by .ci/run. Everything
# comes from Debian's archive through apt-get; nothing is downloaded otherwise.
set -eu

BUILD="gcc make libc6-dev libcjson-dev libutf8proc-dev wordnet-base libsqlite3-dev libpq-dev
       libmodest-dev libxml2-dev zlib1g-dev libexttextcat-dev libexttextcat-data"
TEST="libcmocka-dev python3 clang libclang-rt-14-dev valgrind postgresql python3-distributed"

missing() {
    for p in "$@"; do
        dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"
    done
}

mode="${1:-all}"
case "$mode" in
--check)
    m=$(missing $BUILD)
    if [ -n "$m" ]; then
        echo "missing Debian packages:" $m >&2
        exit 1
    fi
    exit 0
    ;;
--build) want="$BUILD" ;;
*) want="$BUILD $TEST" ;;
esac

m=$(missing $want)
[ -z "$m" ] && exit 0
echo "installing Debian packages:" $m >&2
if [ "$(id -u)" -ne 0 ]; then
    SUDO=sudo
else
    SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq || true
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $m
