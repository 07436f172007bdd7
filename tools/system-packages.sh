#!/usr/bin/env bash
# The system packages Frontline can use, installed the one way `make` and `.ci/run` share.
#
#   tools/system-packages.sh [make|demo|hub|test]    (default: test)
#
# Everything that PyPI ships for real comes from there instead (the Noto CJK font for
# charts: mplfonts; PostgreSQL's server: pgserver), so this list is short. Each package
# is optional: without it the parts that need it are skipped with the reason, never
# failed. As root with apt this installs what is missing; with sudo on a terminal it
# asks first; otherwise it prints the one command to run. It always exits 0, except
# for `make`, without which nothing else can run.
# FRONTLINE_SYSTEM_PACKAGES=skip reports what is missing and installs nothing.
set -uo pipefail

purpose=${1:-test}

declare -A WHY=(
    [make]="runs the README's commands"
    [bubblewrap]="the sandbox of \`frontline exams grade\` (without it: --no-sandbox only)"
    [chromium]="the browser tests (Playwright drives Debian's chromium)"
    [fonts-noto-cjk]="Chinese text in the browser tests' pages"
    [npm]="installs JupyterHub's proxy, configurable-http-proxy (make hub; the hub tests)"
)
case "$purpose" in
    make) wanted=(make) ;;
    demo) wanted=(bubblewrap) ;;
    hub) wanted=(npm) ;;
    test) wanted=(bubblewrap chromium fonts-noto-cjk npm) ;;
    *) echo "usage: $0 [make|demo|hub|test]" >&2; exit 2 ;;
esac

# A package counts as present when dpkg says so, or, on a machine without dpkg, when
# the thing it provides is there.
present() {
    if command -v dpkg-query >/dev/null 2>&1; then
        [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" == "install ok installed" ]] && return 0
    fi
    case "$1" in
        make) command -v make ;;
        bubblewrap) command -v bwrap ;;
        chromium) command -v chromium || [[ -x /usr/bin/chromium ]] ;;
        fonts-noto-cjk) command -v fc-list && fc-list :lang=zh | grep -q . ;;
        npm) command -v npm ;;
        *) false ;;
    esac >/dev/null 2>&1
}

missing=()
for package in "${wanted[@]}"; do
    present "$package" || missing+=("$package")
done
((${#missing[@]})) || exit 0

command_line="apt-get install -y --no-install-recommends ${missing[*]}"
report() {
    echo "system packages not installed: ${missing[*]} ($1)"
    for package in "${missing[@]}"; do
        echo "  - $package: ${WHY[$package]}"
    done
    if [[ "$purpose" == make ]]; then
        echo "install it with: sudo $command_line" >&2
        exit 1
    fi
    echo "what needs them is skipped, with this reason; to install them run:"
    echo "  sudo apt-get update && sudo $command_line"
    exit 0
}

install() {
    echo "installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    "$@" apt-get update -qq >/dev/null && "$@" apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null
}

[[ "${FRONTLINE_SYSTEM_PACKAGES:-}" == skip ]] && report "FRONTLINE_SYSTEM_PACKAGES=skip"
command -v apt-get >/dev/null 2>&1 || report "no apt-get on this machine"

if [[ $EUID -eq 0 ]]; then
    install || report "apt-get failed"
elif command -v sudo >/dev/null 2>&1 && [[ -t 0 ]]; then
    read -r -p "Install ${missing[*]} with sudo apt-get? [y/N] " answer
    [[ "$answer" == [yY]* ]] || report "you chose not to install them"
    install sudo || report "sudo apt-get failed"
else
    report "not root, and no sudo on a terminal"
fi

# Installed now: check rather than trust apt's exit status.
still=()
for package in "${missing[@]}"; do
    present "$package" || still+=("$package")
done
if ((${#still[@]})); then
    missing=("${still[@]}")
    report "apt-get did not install them"
fi
exit 0
