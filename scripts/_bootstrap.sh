# shellcheck shell=bash
# Shared helpers for scripts/demo and scripts/test. Source it; do not run it.
#
#   find_python        print the path of a Python >= 3.12 (exit 1 with advice if there is none)
#   ensure_venv        create .venv/ and install requirements.lock when it changed
#   apt_install PKG..  install Debian packages (root only); "a|b" means "a, or b if a is unknown"
#   pg_start / pg_stop throw-away PostgreSQL cluster for the test suite
#
# Sourcing it also exports DJANGO_SETTINGS_MODULE and moves to the repository root.

set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
VENV_DIR="$REPO_ROOT/.venv"
export DJANGO_SETTINGS_MODULE=voisinage.settings
cd "$REPO_ROOT"

# The version test every candidate interpreter must pass (it must also be able to build a venv).
_PY_CHECK='import sys; sys.exit(sys.version_info < (3, 12))'
_PY_CHECK_VENV='import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 12))'

info() { printf '%s\n' "$*"; }
warn() { printf 'WARNING: %s\n' "$*" >&2; }
die() {
    printf 'ERROR: %s\n' "$*" >&2
    exit 1
}

# Print the absolute path of the first Python >= 3.12 found on PATH, then in pyenv.
find_python() {
    local candidate exe root
    local -a candidates=()
    for candidate in python3.13 python3.12 python3 python; do
        if exe="$(command -v "$candidate" 2>/dev/null)"; then
            candidates+=("$exe")
        fi
    done
    local -a roots=("${PYENV_ROOT:-${HOME:-/nonexistent}/.pyenv}")
    if [[ -n "${HOME:-}" && "${roots[0]}" != "$HOME/.pyenv" ]]; then
        roots+=("$HOME/.pyenv")
    fi
    for root in "${roots[@]}"; do
        [[ -d "$root/versions" ]] || continue
        # Newest first: 3.13.x before 3.12.x.
        while IFS= read -r candidate; do
            [[ -n "$candidate" ]] && candidates+=("$candidate")
        done < <(
            shopt -s nullglob
            for exe in "$root"/versions/3.1[2-9]*/bin/python3; do
                printf '%s\n' "$exe"
            done | sort -V -r
        )
    done
    for candidate in "${candidates[@]}"; do
        # pyenv shims exit non-zero (and complain) when their version is not selected: silence them.
        if "$candidate" -c "$_PY_CHECK_VENV" >/dev/null 2>&1; then
            # Resolve shims to the real interpreter so .venv does not depend on pyenv's selection.
            "$candidate" -c 'import sys; print(sys.executable)'
            return 0
        fi
    done
    cat >&2 <<'EOF'
ERROR: Python >= 3.12 (with the venv module) is required, and none was found.
Looked for python3.13, python3.12, python3 and python on PATH, then in pyenv
(${PYENV_ROOT:-~/.pyenv}/versions/3.12*, 3.13*, ...).

Install one, for example:
  - Debian/Ubuntu with a python3.12 package (Ubuntu 24.04, deadsnakes PPA):
        sudo apt-get install python3.12 python3.12-venv
  - anywhere, with pyenv (https://github.com/pyenv/pyenv):
        pyenv install 3.12
Then run this command again.
EOF
    exit 1
}

# Create .venv (if missing or older than 3.12) and install requirements.lock when it changed.
ensure_venv() {
    local python lock stamp want have=""
    if ! "$VENV_DIR/bin/python" -c "$_PY_CHECK" >/dev/null 2>&1; then
        python="$(find_python)"
        if [[ -e "$VENV_DIR" ]]; then
            info "--> .venv is missing a Python >= 3.12: recreating it"
            rm -rf "${VENV_DIR:?}"
        fi
        info "--> Creating .venv with $python ($("$python" -c 'import platform; print(platform.python_version())'))"
        "$python" -m venv "$VENV_DIR"
    fi

    lock="$REPO_ROOT/requirements.lock"
    stamp="$VENV_DIR/.lock-installed"
    [[ -f "$lock" ]] || die "requirements.lock not found in $REPO_ROOT"
    want="$(sha256sum "$lock" | cut -d' ' -f1)"
    [[ -f "$stamp" ]] && have="$(<"$stamp")"
    if [[ "$want" != "$have" ]]; then
        info "--> Installing dependencies from requirements.lock into .venv"
        # The machine's pip configuration (extra index, find-links) is deliberately left alone.
        "$VENV_DIR/bin/python" -m pip install --quiet --upgrade pip ||
            warn "could not upgrade pip; continuing with $("$VENV_DIR/bin/python" -m pip --version)"
        "$VENV_DIR/bin/python" -m pip install --quiet --require-hashes -r "$lock"
        printf '%s\n' "$want" >"$stamp.tmp"
        mv "$stamp.tmp" "$stamp"
    fi

    export VIRTUAL_ENV="$VENV_DIR"
    export PATH="$VENV_DIR/bin:$PATH"
    unset PYTHONHOME
    # Compiled modules are cached (in __pycache__/, ignored by git) even on a machine that
    # forbids it: every process of a run (each test worker, the task workers, gunicorn) would
    # otherwise compile the project again, and pytest would rewrite every test module again.
    unset PYTHONDONTWRITEBYTECODE
}

_APT_UPDATED=0

_apt_installed() {
    [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" == "install ok installed" ]]
}

_apt_has_candidate() {
    local candidate
    candidate="$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ {print $2; exit}')"
    [[ -n "$candidate" && "$candidate" != "(none)" ]]
}

# apt_install PKG...  Install the packages that are not installed yet. "a|b" installs a, or b when
# the archive has no a. Returns 1 (after saying what to install) when not root or apt is missing.
apt_install() {
    local spec alt chosen
    local -a alts=() wanted=() missing=()
    for spec in "$@"; do
        chosen=""
        if command -v dpkg-query >/dev/null 2>&1; then
            IFS='|' read -r -a alts <<<"$spec"
            for alt in "${alts[@]}"; do
                if _apt_installed "$alt"; then
                    chosen="installed"
                    break
                fi
            done
        fi
        [[ "$chosen" == "installed" ]] || wanted+=("$spec")
    done
    ((${#wanted[@]})) || return 0

    if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
        printf 'Missing system packages. Please install them, for example:\n' >&2
        printf '    sudo apt-get install --no-install-recommends %s\n' "${wanted[*]//|/ or }" >&2
        return 1
    fi

    if [[ "$_APT_UPDATED" != 1 ]]; then
        info "--> apt-get update"
        apt-get update -qq || return 1
        _APT_UPDATED=1
    fi
    for spec in "${wanted[@]}"; do
        IFS='|' read -r -a alts <<<"$spec"
        chosen="${alts[0]}"
        for alt in "${alts[@]}"; do
            if _apt_has_candidate "$alt"; then
                chosen="$alt"
                break
            fi
        done
        missing+=("$chosen")
    done
    info "--> apt-get install ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" \
        </dev/null
}

# --- Throw-away PostgreSQL cluster -------------------------------------------------------------

PG_BINDIR="${VOISINAGE_PG_BINDIR:-/usr/lib/postgresql/15/bin}"
PG_TMPDIR=""
PG_PORT=""
PG_DATABASE_URL=""

# Run a command as the PostgreSQL server's owner: "postgres" when we are root, else ourselves.
_pg_as() {
    if [[ "$(id -u)" != 0 ]]; then
        "$@"
    elif command -v runuser >/dev/null 2>&1; then
        runuser -u postgres -- "$@"
    else
        su postgres -s /bin/bash -c "$(printf '%q ' "$@")"
    fi
}

_port_busy() {
    (: <"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Start a fresh cluster on 127.0.0.1 (port VOISINAGE_PG_PORT or 55432, or one of the next few if
# busy) with superuser role "voisinage"/"voisinage" and database "voisinage". Sets PG_PORT,
# PG_TMPDIR and PG_DATABASE_URL. Callers must arrange for pg_stop to run on exit.
pg_start() {
    local bin port first started=0
    for bin in initdb pg_ctl postgres psql; do
        [[ -x "$PG_BINDIR/$bin" ]] || die "PostgreSQL 15 is missing: $PG_BINDIR/$bin not found (apt package postgresql-15)"
    done
    if [[ "$(id -u)" == 0 ]]; then
        id postgres >/dev/null 2>&1 || die "running as root but there is no 'postgres' OS user to run PostgreSQL"
        PG_TMPDIR="$(mktemp -d /tmp/voisinage-pg.XXXXXX)"
        chown postgres: "$PG_TMPDIR"
    else
        PG_TMPDIR="$(mktemp -d "${TMPDIR:-/tmp}/voisinage-pg.XXXXXX")"
    fi

    if ! (cd "$PG_TMPDIR" && _pg_as "$PG_BINDIR/initdb" -D "$PG_TMPDIR/data" -U postgres \
        --no-locale -E UTF8 --auth-local=trust --auth-host=scram-sha-256 --no-sync \
        >"$PG_TMPDIR/initdb.log" 2>&1); then
        cat "$PG_TMPDIR/initdb.log" >&2
        die "PostgreSQL initdb failed"
    fi

    first="${VOISINAGE_PG_PORT:-55432}"
    [[ "$first" =~ ^[0-9]+$ ]] || die "VOISINAGE_PG_PORT must be a port number, not '$first'"
    for ((port = first; port < first + 10; port++)); do
        if _port_busy "$port"; then
            info "--> port $port is busy, trying the next one"
            continue
        fi
        if (cd "$PG_TMPDIR" && _pg_as "$PG_BINDIR/pg_ctl" -D "$PG_TMPDIR/data" \
            -l "$PG_TMPDIR/server.log" -w -t 60 \
            -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_TMPDIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
            start >/dev/null); then
            started=1
            break
        fi
        info "--> PostgreSQL did not start on port $port, trying the next one"
    done
    if ((!started)); then
        cat "$PG_TMPDIR/server.log" >&2 || true
        die "could not start PostgreSQL on ports $first-$((first + 9))"
    fi
    PG_PORT="$port"

    (cd "$PG_TMPDIR" && _pg_as "$PG_BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_TMPDIR" \
        -p "$PG_PORT" -U postgres -d postgres \
        -c "CREATE ROLE voisinage WITH LOGIN SUPERUSER PASSWORD 'voisinage'" \
        -c "CREATE DATABASE voisinage OWNER voisinage") ||
        die "could not create the voisinage role and database"
    PG_DATABASE_URL="postgres://voisinage:voisinage@127.0.0.1:$PG_PORT/voisinage"
    export PG_PORT PG_TMPDIR PG_DATABASE_URL
    info "--> PostgreSQL 15 started on 127.0.0.1:$PG_PORT (data in $PG_TMPDIR)"
}

# Stop the cluster and delete its files. Safe to call twice, never fails (it runs in traps).
pg_stop() {
    [[ -n "$PG_TMPDIR" && -d "$PG_TMPDIR" ]] || return 0
    if [[ -f "$PG_TMPDIR/data/postmaster.pid" ]]; then
        (cd "$PG_TMPDIR" && _pg_as "$PG_BINDIR/pg_ctl" -D "$PG_TMPDIR/data" -m fast -w -t 30 \
            stop >/dev/null 2>&1) ||
            (cd "$PG_TMPDIR" && _pg_as "$PG_BINDIR/pg_ctl" -D "$PG_TMPDIR/data" -m immediate -w \
                stop >/dev/null 2>&1) || true
    fi
    rm -rf "${PG_TMPDIR:?}" || true
    PG_TMPDIR=""
}
