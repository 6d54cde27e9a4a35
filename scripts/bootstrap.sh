#!/usr/bin/env bash
# Set-up that `make` runs before anything else: the Debian EDA tools and the Python virtual environment.
#   scripts/bootstrap.sh tools   -> iverilog, verilator, yosys, nextpnr-ice40, icestorm present (apt-get as root)
#   scripts/bootstrap.sh venv    -> .venv with the pinned packages of pyproject.toml
set -euo pipefail
cd "$(dirname "$0")/.."

PKGS="iverilog verilator yosys nextpnr-ice40 fpga-icestorm"
# binary -> Debian package that provides it
declare -A PROVIDER=([iverilog]=iverilog [vvp]=iverilog [verilator]=verilator [yosys]=yosys
                     [nextpnr-ice40]=nextpnr-ice40 [icepack]=fpga-icestorm [icetime]=fpga-icestorm)

tools() {
    local missing=()
    for bin in "${!PROVIDER[@]}"; do
        command -v "$bin" >/dev/null 2>&1 || missing+=("${PROVIDER[$bin]}")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local need
    need=$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "bootstrap: installing Debian packages: $need"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        # shellcheck disable=SC2086
        apt-get install -y -qq --no-install-recommends $need >/dev/null
    else
        echo "bootstrap: missing EDA tools. Install the Debian packages (as root):" >&2
        echo "    apt-get install -y $PKGS" >&2
        echo "  (missing now: $need)" >&2
        exit 1
    fi
}

venv() {
    local py=${PYTHON:-python3}
    if ! "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        echo "bootstrap: Python >= 3.11 is required ($py is $("$py" --version 2>&1))" >&2
        exit 1
    fi
    if [ ! -x .venv/bin/python ]; then
        if ! "$py" -m venv .venv 2>/dev/null; then
            rm -rf .venv
            if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
                echo "bootstrap: installing python3-venv"
                DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
                "$py" -m venv .venv
            else
                echo "bootstrap: '$py -m venv' failed; install the Debian package python3-venv" >&2
                exit 1
            fi
        fi
    fi
    echo "bootstrap: installing the pinned Python packages into .venv (pyproject.toml)"
    .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
    .venv/bin/python -m pip install -q --disable-pip-version-check -e '.[dev]'
}

case "${1:-all}" in
    tools) tools ;;
    venv) venv ;;
    all) tools; venv ;;
    *) echo "usage: $0 [tools|venv|all]" >&2; exit 2 ;;
esac
