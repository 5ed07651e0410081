# shellcheck shell=bash
#
# Test servers for reactive-kv: install, start and stop the real backends the
# integration tests talk to (Redis standalone, a 3-master Redis Cluster, Valkey,
# memcached and a throwaway PostgreSQL cluster), all on loopback, on fixed
# non-default ports, with every bit of state under one run dir.
#
# Source this file, then call:
#   servers_install   idempotent; installs Debian packages and Valkey (from
#                     bookworm-backports, unpacked into a private cache dir)
#   servers_start     stops leftovers of a previous run, wipes the run dir,
#                     starts everything, waits for readiness, exports the RKV_*
#                     variables and writes ${RKV_RUN_DIR}/servers.env
#   servers_stop      stops every server by the PID in its pidfile; safe to call
#                     twice and after a start that failed halfway
#   servers_status    prints what answers
#   servers_env       prints the variables (servers.env if present)
#
# Every function returns non-zero on failure (it never calls `exit`, so it is
# safe to source this into an interactive shell). Do not rely on `set -e`
# inside these functions: they check every step themselves.
#
# Variables (each may be set beforehand to override the default):
#   RKV_RUN_DIR              <repo>/target/servers
#   RKV_REDIS_PORT           16379
#   RKV_REDIS_CLUSTER_PORTS  17001,17002,17003   (bus ports: +10000)
#   RKV_VALKEY_PORT          16380
#   RKV_REDIS_TLS_PORT       16381   (TLS only; throwaway CA in ${RKV_RUN_DIR}/tls,
#                                     its certificate exported as RKV_REDIS_TLS_CA)
#   RKV_SENTINEL_REDIS_PORTS 16382,16383  (master, replica of the Sentinel group)
#   RKV_SENTINEL_PORTS       16384,16385,16386  (3 Sentinels, master name rkv)
#   RKV_MEMCACHED_PORT       21211
#   RKV_PG_PORT              15432   (user postgres, trust auth, db reactivekv)
#   RKV_DYNAMODB_PORT        18000   (dynalite 4.0.0 from npm, in memory)
#   RKV_DYNALITE_HOME        ${RKV_CACHE_DIR}/dynalite  (npm --prefix of dynalite)
#   RKV_START_TIMEOUT        20      seconds to wait for each server
#   RKV_CACHE_DIR            ${XDG_CACHE_HOME:-$HOME/.cache}/reactive-kv
#   RKV_DEBIAN_MIRROR        taken from the system's apt sources by default

if [[ -n ${_RKV_SERVERS_SH_LOADED:-} ]]; then
  return 0
fi
_RKV_SERVERS_SH_LOADED=1

RKV_REPO_ROOT="$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)"

# Variables written to servers.env (and exported).
_RKV_ENV_VARS=(RKV_REDIS_PORT RKV_REDIS_CLUSTER_PORTS RKV_VALKEY_PORT RKV_MEMCACHED_PORT
  RKV_PG_PORT RKV_PG_USER RKV_PG_DB RKV_REDIS_BIN RKV_VALKEY_BIN RKV_PYTHON RKV_RUN_DIR
  RKV_DYNAMODB_PORT RKV_REDIS_TLS_PORT RKV_REDIS_TLS_CA RKV_SENTINEL_REDIS_PORTS RKV_SENTINEL_PORTS
  RKV_SENTINEL_MASTER)

# chromium: renders the HTML report of `reactive-kv bench` in BenchCommandTest (headless, offline)
_RKV_APT_PACKAGES=(redis-server redis-tools openssl memcached postgresql python3-cryptography python3-redis
  python3-psycopg2 chromium)

# ---------------------------------------------------------------------------
# small helpers

_rkv_log() { printf '[servers] %s\n' "$*" >&2; }
_rkv_err() { printf '[servers] ERROR: %s\n' "$*" >&2; }

# Milliseconds since the epoch (bash 5 EPOCHREALTIME; locale-independent).
_rkv_now_ms() {
  local t=${EPOCHREALTIME//[!0-9]/}
  printf '%s\n' $((t / 1000))
}

_rkv_elapsed() { # start_ms -> "1.23"
  local d=$(($(_rkv_now_ms) - $1))
  printf '%d.%02d' $((d / 1000)) $((d % 1000 / 10))
}

_rkv_tail_log() { # file [lines]
  local f=$1 n=${2:-30}
  if [[ -s $f ]]; then
    printf '[servers] ---- last %s lines of %s ----\n' "$n" "$f" >&2
    tail -n "$n" -- "$f" >&2
    printf '[servers] ----\n' >&2
  else
    printf '[servers] (log %s is empty or missing)\n' "$f" >&2
  fi
}

# Set defaults, normalise and export all RKV_* variables.
_rkv_defaults() {
  : "${RKV_RUN_DIR:=$RKV_REPO_ROOT/target/servers}"
  [[ $RKV_RUN_DIR == /* ]] || RKV_RUN_DIR=$RKV_REPO_ROOT/$RKV_RUN_DIR
  : "${RKV_REDIS_PORT:=16379}"
  : "${RKV_REDIS_CLUSTER_PORTS:=17001,17002,17003}"
  : "${RKV_VALKEY_PORT:=16380}"
  : "${RKV_MEMCACHED_PORT:=21211}"
  : "${RKV_REDIS_TLS_PORT:=16381}"
  : "${RKV_REDIS_TLS_CA:=$RKV_RUN_DIR/tls/ca.crt}"
  : "${RKV_SENTINEL_REDIS_PORTS:=16382,16383}"
  : "${RKV_SENTINEL_PORTS:=16384,16385,16386}"
  : "${RKV_SENTINEL_MASTER:=rkv}"
  : "${RKV_PG_PORT:=15432}"
  : "${RKV_PG_USER:=postgres}"
  : "${RKV_PG_DB:=reactivekv}"
  : "${RKV_PYTHON:=/usr/bin/python3}"
  : "${RKV_START_TIMEOUT:=20}"
  : "${RKV_CACHE_DIR:=${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/reactive-kv}"
  : "${RKV_VALKEY_HOME:=$RKV_CACHE_DIR/valkey}"
  : "${RKV_VALKEY_BIN:=$RKV_VALKEY_HOME/usr/bin/valkey-server}"
  : "${RKV_DYNAMODB_PORT:=18000}"
  : "${RKV_DYNALITE_HOME:=$RKV_CACHE_DIR/dynalite}"
  export RKV_DYNAMODB_PORT RKV_DYNALITE_HOME
  if [[ -z ${RKV_REDIS_BIN:-} ]]; then
    RKV_REDIS_BIN=$(command -v redis-server 2>/dev/null || true)
    : "${RKV_REDIS_BIN:=/usr/bin/redis-server}"
  fi
  export RKV_RUN_DIR RKV_REDIS_PORT RKV_REDIS_CLUSTER_PORTS RKV_VALKEY_PORT RKV_MEMCACHED_PORT \
    RKV_PG_PORT RKV_PG_USER RKV_PG_DB RKV_PYTHON RKV_REDIS_BIN RKV_VALKEY_BIN \
    RKV_REDIS_TLS_PORT RKV_REDIS_TLS_CA RKV_SENTINEL_REDIS_PORTS RKV_SENTINEL_PORTS RKV_SENTINEL_MASTER
}

# Sentinel group ports as arrays: _RKV_SENTINEL_DATA (master, replica), _RKV_SENTINELS.
_rkv_sentinel_ports() {
  local IFS=', '
  # shellcheck disable=SC2206  # intended word splitting on , and space
  _RKV_SENTINEL_DATA=($RKV_SENTINEL_REDIS_PORTS)
  # shellcheck disable=SC2206
  _RKV_SENTINELS=($RKV_SENTINEL_PORTS)
}

# Cluster ports as a bash array in _RKV_CLUSTER_PORTS.
_rkv_cluster_ports() {
  local IFS=', '
  # shellcheck disable=SC2206  # intended word splitting on , and space
  _RKV_CLUSTER_PORTS=($RKV_REDIS_CLUSTER_PORTS)
}

_rkv_valkey_cli() {
  local d
  d=$(dirname -- "$RKV_VALKEY_BIN")
  if [[ -x $d/valkey-cli ]]; then printf '%s\n' "$d/valkey-cli"; else command -v redis-cli; fi
}

_rkv_as_root() { # run a command as root (sudo when we are not root)
  if [[ $EUID -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    _rkv_err "need root (or sudo) to run: $*"
    return 1
  fi
}

# ---------------------------------------------------------------------------
# install

_rkv_pkg_installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

# Print the URI of the Debian archive the system already uses for $1 (codename).
_rkv_debian_mirror() {
  local codename=$1 f uri
  if [[ -n ${RKV_DEBIAN_MIRROR:-} ]]; then
    printf '%s\n' "$RKV_DEBIAN_MIRROR"
    return 0
  fi
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f $f ]] || continue
    # deb822: the first "deb" stanza whose Suites contain the plain codename.
    uri=$(awk -v cn="$codename" '
      function flush() {
        if (isdeb && hassuite && uri != "" && !done) { print uri; done = 1 }
        isdeb = 0; hassuite = 0; uri = ""
      }
      /^[[:space:]]*#/ { next }
      /^[[:space:]]*$/ { flush(); next }
      tolower($1) == "types:"  { for (i = 2; i <= NF; i++) if ($i == "deb") isdeb = 1 }
      tolower($1) == "suites:" { for (i = 2; i <= NF; i++) if ($i == cn) hassuite = 1 }
      tolower($1) == "uris:"   { uri = $2 }
      END { flush() }' "$f")
    if [[ -n $uri ]]; then
      printf '%s\n' "$uri"
      return 0
    fi
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f $f ]] || continue
    uri=$(awk -v cn="$codename" '
      $1 == "deb" {
        i = 2
        if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
        if ($(i + 1) == cn) { print $i; exit }
      }' "$f")
    if [[ -n $uri ]]; then
      printf '%s\n' "$uri"
      return 0
    fi
  done
  return 1
}

_rkv_valkey_ok() {
  [[ -x $RKV_VALKEY_BIN ]] && "$RKV_VALKEY_BIN" --version >/dev/null 2>&1
}

# Valkey is only in bookworm-backports. Fetch it with a private sources list,
# private lists and a private apt cache, so the system's apt config and state
# are not touched, and unpack the .debs into $RKV_VALKEY_HOME.
_rkv_install_valkey() {
  if _rkv_valkey_ok; then
    return 0
  fi
  local codename mirror work keyring signed='' deb n
  # shellcheck disable=SC1091
  codename=$(. /etc/os-release 2>/dev/null && printf '%s' "${VERSION_CODENAME:-}")
  if [[ -z $codename ]]; then
    _rkv_err "cannot read VERSION_CODENAME from /etc/os-release"
    return 1
  fi
  if ! mirror=$(_rkv_debian_mirror "$codename"); then
    _rkv_err "no Debian archive for '$codename' found in the apt sources; set RKV_DEBIAN_MIRROR"
    return 1
  fi
  _rkv_log "installing Valkey from $codename-backports into $RKV_VALKEY_HOME"
  mkdir -p -- "$RKV_CACHE_DIR" || return 1
  rm -rf -- "$RKV_CACHE_DIR"/valkey-dl.* # leftovers of an earlier failed attempt
  work=$(mktemp -d "$RKV_CACHE_DIR/valkey-dl.XXXXXX") || return 1
  mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/debs" || return 1
  keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  [[ -r $keyring ]] && signed="[signed-by=$keyring] "
  printf 'deb %s%s %s-backports main\n' "$signed" "$mirror" "$codename" >"$work/sources.list"
  local apt_opts=(
    -o "Dir::Etc::sourcelist=$work/sources.list"
    -o "Dir::Etc::sourceparts=-"
    -o "Dir::State::Lists=$work/lists"
    -o "Dir::Cache=$work/cache"
    -o "APT::Get::List-Cleanup=0"
    -o "APT::Sandbox::User=root"
  )
  if ! apt-get -q "${apt_opts[@]}" update >"$work/update.log" 2>&1; then
    _rkv_err "private apt-get update for $codename-backports failed"
    _rkv_tail_log "$work/update.log"
    return 1
  fi
  if ! (cd "$work/debs" && apt-get -q "${apt_opts[@]}" download valkey-server valkey-tools) \
    >"$work/download.log" 2>&1; then
    _rkv_err "apt-get download valkey-server valkey-tools failed"
    _rkv_tail_log "$work/download.log"
    return 1
  fi
  rm -rf -- "$RKV_VALKEY_HOME.new" && mkdir -p -- "$RKV_VALKEY_HOME.new" || return 1
  n=0
  for deb in "$work"/debs/*.deb; do
    [[ -f $deb ]] || continue
    dpkg-deb -x "$deb" "$RKV_VALKEY_HOME.new" || return 1
    _rkv_log "  unpacked $(basename -- "$deb")"
    n=$((n + 1))
  done
  if ((n < 2)); then
    _rkv_err "expected 2 Valkey packages, got $n"
    return 1
  fi
  if ! "$RKV_VALKEY_HOME.new/usr/bin/valkey-server" --version >/dev/null 2>&1; then
    _rkv_err "unpacked valkey-server does not run:"
    "$RKV_VALKEY_HOME.new/usr/bin/valkey-server" --version >&2 || true
    ldd "$RKV_VALKEY_HOME.new/usr/bin/valkey-server" 2>&1 | grep 'not found' >&2 || true
    return 1
  fi
  rm -rf -- "$RKV_VALKEY_HOME" && mv -- "$RKV_VALKEY_HOME.new" "$RKV_VALKEY_HOME" || return 1
  rm -rf -- "$work"
  _rkv_log "Valkey: $("$RKV_VALKEY_BIN" --version)"
}

# ---------------------------------------------------------------------------
# dynalite (DynamoDB's API on LevelDB; Apache-2.0) from npm into a cache dir.
# Amazon's DynamoDB Local must not be used: its licence is not open source.

_RKV_DYNALITE_VERSION=4.0.0

_rkv_dynalite_cli() { printf '%s\n' "$RKV_DYNALITE_HOME/node_modules/dynalite/cli.js"; }

_rkv_dynalite_ok() {
  local pkg=$RKV_DYNALITE_HOME/node_modules/dynalite/package.json
  [[ -f $pkg ]] && command -v node >/dev/null 2>&1 &&
    [[ $(node -p "require('$pkg').version" 2>/dev/null) == "$_RKV_DYNALITE_VERSION" ]]
}

_rkv_install_dynalite() {
  _rkv_dynalite_ok && return 0
  _rkv_log "installing dynalite $_RKV_DYNALITE_VERSION from npm into $RKV_DYNALITE_HOME"
  mkdir -p -- "$RKV_DYNALITE_HOME" || return 1
  if ! npm install --prefix "$RKV_DYNALITE_HOME" --no-audit --no-fund --no-save \
    "dynalite@$_RKV_DYNALITE_VERSION" </dev/null >"$RKV_DYNALITE_HOME/install.log" 2>&1; then
    _rkv_err "npm install dynalite@$_RKV_DYNALITE_VERSION failed"
    _rkv_tail_log "$RKV_DYNALITE_HOME/install.log"
    return 1
  fi
  _rkv_dynalite_ok || { _rkv_err "dynalite did not install into $RKV_DYNALITE_HOME"; return 1; }
}

# In memory (no --path), loopback only (its default host is every interface).
_rkv_start_dynalite() {
  local dir=$RKV_RUN_DIR/dynalite
  mkdir -p -- "$dir" || return 1
  [[ -f $(_rkv_dynalite_cli) ]] || { _rkv_err "dynalite not found; run 'scripts/servers install'"; return 1; }
  nohup node "$(_rkv_dynalite_cli)" --host 127.0.0.1 --port "$RKV_DYNAMODB_PORT" \
    </dev/null >>"$dir/log" 2>&1 &
  printf '%s\n' "$!" >"$dir/pid" || return 1
}

_rkv_await_dynalite() {
  if ! _rkv_wait_for _rkv_port_busy "$RKV_DYNAMODB_PORT"; then
    _rkv_err "dynalite on port $RKV_DYNAMODB_PORT did not answer within ${RKV_START_TIMEOUT}s"
    _rkv_tail_log "$RKV_RUN_DIR/dynalite/log"
    return 1
  fi
}

servers_install() {
  _rkv_defaults
  local p missing=()
  for p in "${_RKV_APT_PACKAGES[@]}"; do
    _rkv_pkg_installed "$p" || missing+=("$p")
  done
  # Node runs dynalite; Debian's nodejs/npm only when the machine has no Node of its own
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    missing+=(nodejs npm)
  fi
  if ((${#missing[@]})); then
    _rkv_log "installing: ${missing[*]}"
    if [[ -z ${_RKV_APT_UPDATED:-} ]]; then
      _rkv_as_root apt-get -q update >&2 || { _rkv_err "apt-get update failed"; return 1; }
      _RKV_APT_UPDATED=1
    fi
    _rkv_as_root env DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 ||
      { _rkv_err "apt-get install ${missing[*]} failed"; return 1; }
  fi
  _rkv_install_valkey || return 1
  _rkv_install_dynalite || return 1
  if [[ -z ${RKV_REDIS_BIN:-} || ! -x $RKV_REDIS_BIN ]]; then
    RKV_REDIS_BIN=$(command -v redis-server 2>/dev/null || printf '/usr/bin/redis-server')
    export RKV_REDIS_BIN
  fi
}

# ---------------------------------------------------------------------------
# processes and ports

# Is something listening on 127.0.0.1:$1?
_rkv_port_busy() {
  # shellcheck disable=SC2016  # $1 is expanded by the inner bash
  timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null
}

_rkv_describe_port() {
  local port=$1 line pids pid
  if command -v ss >/dev/null 2>&1; then
    line=$(ss -ltnpH "sport = :$port" 2>/dev/null)
    [[ -n $line ]] && printf '[servers]   %s\n' "$line" >&2
    pids=$(grep -o 'pid=[0-9]*' <<<"$line" | cut -d= -f2 | sort -u)
    for pid in $pids; do
      printf '[servers]   pid %s: %s (cwd %s)\n' "$pid" \
        "$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | tr -s ' ')" \
        "$(readlink "/proc/$pid/cwd" 2>/dev/null)" >&2
    done
  fi
}

_rkv_check_ports_free() {
  local port bad=0
  _rkv_cluster_ports
  _rkv_sentinel_ports
  local ports=("$RKV_REDIS_PORT" "$RKV_VALKEY_PORT" "$RKV_MEMCACHED_PORT" "$RKV_PG_PORT" "$RKV_DYNAMODB_PORT"
    "$RKV_REDIS_TLS_PORT" "${_RKV_SENTINEL_DATA[@]}" "${_RKV_SENTINELS[@]}")
  for port in "${_RKV_CLUSTER_PORTS[@]}"; do ports+=("$port" $((port + 10000))); done
  for port in "${ports[@]}"; do
    if ! [[ $port =~ ^[0-9]+$ ]] || ((port < 1 || port > 65535)); then
      _rkv_err "invalid port '$port'"
      bad=1
      continue
    fi
    case $port in 6379 | 26379 | 5432 | 11211)
      _rkv_err "port $port is a default port; refusing to use it"
      bad=1
      continue
      ;;
    esac
    if _rkv_port_busy "$port"; then
      _rkv_err "port $port is already in use by a process that is not ours (no pidfile for it in $RKV_RUN_DIR)."
      _rkv_describe_port "$port"
      bad=1
    fi
  done
  if ((bad)); then
    _rkv_err "free those ports (if they are servers of another checkout, run its 'scripts/servers stop'), or override RKV_*_PORT"
    return 1
  fi
}

_rkv_pid_alive() { # pid -> 0 if running (zombies count as dead)
  local pid=$1 state
  kill -0 "$pid" 2>/dev/null || return 1
  state=$(awk '{ print $3 }' "/proc/$pid/stat" 2>/dev/null)
  [[ $state != Z && $state != X ]]
}

# Signal the process whose PID is the first line of pidfile $1, if its command
# line still matches the regex $2 (guards against a recycled PID), with signal
# $3 (default TERM), and remember it for _rkv_wait_stopped.
_rkv_signal_pidfile() {
  local pf=$1 pattern=$2 sig=${3:-TERM} pid cmd
  [[ -f $pf ]] || return 0
  pid=$(head -n 1 -- "$pf" 2>/dev/null | tr -dc '0-9')
  if [[ -z $pid ]] || ! _rkv_pid_alive "$pid"; then
    rm -f -- "$pf"
    return 0
  fi
  cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)
  cmd=$(tr -s ' ' <<<"$cmd")
  cmd=${cmd% }
  if ! grep -Eq -- "$pattern" <<<"$cmd"; then
    _rkv_log "pid $pid in $pf is now '$cmd', not ours; leaving it alone"
    rm -f -- "$pf"
    return 0
  fi
  _rkv_log "stopping pid $pid ($cmd)"
  kill "-$sig" "$pid" 2>/dev/null || true
  _RKV_STOP_PIDS+=("$pid")
  _RKV_STOP_PIDFILES+=("$pf")
}

# Wait for every signalled process to exit; SIGKILL what is left after 15 s.
# Then give PID 1 a moment to reap the zombies (the init on these machines
# reaps lazily, ~2 s), so `pgrep` shows nothing once we return.
_rkv_wait_stopped() {
  local i pid alive deadline killed=0 rc=0
  deadline=$(($(_rkv_now_ms) + 15000))
  while :; do
    alive=()
    for pid in "${_RKV_STOP_PIDS[@]}"; do
      _rkv_pid_alive "$pid" && alive+=("$pid")
    done
    ((${#alive[@]} == 0)) && break
    if (($(_rkv_now_ms) > deadline)); then
      ((killed)) && break
      _rkv_log "still running after 15 s: ${alive[*]}; sending SIGKILL"
      kill -KILL "${alive[@]}" 2>/dev/null || true
      killed=1
      deadline=$(($(_rkv_now_ms) + 3000))
    fi
    sleep 0.05
  done
  for i in "${!_RKV_STOP_PIDS[@]}"; do
    if _rkv_pid_alive "${_RKV_STOP_PIDS[i]}"; then
      _rkv_err "pid ${_RKV_STOP_PIDS[i]} is still alive"
      rc=1
    else
      rm -f -- "${_RKV_STOP_PIDFILES[i]}"
    fi
  done
  deadline=$(($(_rkv_now_ms) + 5000))
  ((${_RKV_SKIP_REAP_WAIT:-0})) && deadline=0
  for pid in "${_RKV_STOP_PIDS[@]}"; do
    while [[ -e /proc/$pid ]] && (($(_rkv_now_ms) < deadline)); do
      sleep 0.05
    done
  done
  _RKV_STOP_PIDS=()
  _RKV_STOP_PIDFILES=()
  return "$rc"
}

# Poll "$@" until it succeeds or RKV_START_TIMEOUT seconds pass.
_rkv_wait_for() {
  local deadline=$(($(_rkv_now_ms) + RKV_START_TIMEOUT * 1000))
  until "$@" >/dev/null 2>&1; do
    (($(_rkv_now_ms) > deadline)) && return 1
    sleep 0.05
  done
}

# ---------------------------------------------------------------------------
# Redis / Valkey

_rkv_redis_ping() { # port
  [[ $(timeout 2 redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null) == PONG ]]
}

_rkv_launch_redis() { # bin port dir [extra args]
  local bin=$1 port=$2 dir=$3
  shift 3
  mkdir -p -- "$dir" || return 1
  if ! "$bin" --port "$port" --bind 127.0.0.1 --daemonize yes --dir "$dir" \
    --pidfile "$dir/pid" --logfile "$dir/log" --save '' --appendonly no \
    --notify-keyspace-events KEA "$@" </dev/null >>"$dir/launch.log" 2>&1; then
    _rkv_err "$bin on port $port failed to launch"
    _rkv_tail_log "$dir/launch.log"
    _rkv_tail_log "$dir/log"
    return 1
  fi
}

_rkv_await_redis() { # label port dir
  if ! _rkv_wait_for _rkv_redis_ping "$2"; then
    _rkv_err "$1 on port $2 did not answer PING within ${RKV_START_TIMEOUT}s"
    [[ -s $3/launch.log ]] && _rkv_tail_log "$3/launch.log"
    _rkv_tail_log "$3/log"
    return 1
  fi
}

_rkv_cluster_ok() { # port count
  local info
  info=$(timeout 2 redis-cli -h 127.0.0.1 -p "$1" cluster info 2>/dev/null | tr -d '\r')
  grep -qx 'cluster_state:ok' <<<"$info" &&
    grep -qx 'cluster_slots_ok:16384' <<<"$info" &&
    grep -qx "cluster_known_nodes:$2" <<<"$info"
}

# Launch the cluster nodes, wait for them, and run `redis-cli --cluster create`
# in the background (it spends ~1 s waiting for the nodes to join), so other
# servers can start meanwhile; _rkv_cluster_finish collects it.
_rkv_cluster_begin() {
  local port nodes=()
  _RKV_CLUSTER_CREATE_PID=''
  _rkv_cluster_ports
  if ((${#_RKV_CLUSTER_PORTS[@]} < 3)); then
    _rkv_err "RKV_REDIS_CLUSTER_PORTS needs at least 3 ports, got '$RKV_REDIS_CLUSTER_PORTS'"
    return 1
  fi
  for port in "${_RKV_CLUSTER_PORTS[@]}"; do
    _rkv_launch_redis "$RKV_REDIS_BIN" "$port" "$RKV_RUN_DIR/cluster/$port" \
      --cluster-enabled yes --cluster-config-file nodes.conf --cluster-node-timeout 5000 || return 1
    nodes+=("127.0.0.1:$port")
  done
  for port in "${_RKV_CLUSTER_PORTS[@]}"; do
    _rkv_await_redis "redis cluster node" "$port" "$RKV_RUN_DIR/cluster/$port" || return 1
  done
  timeout 60 redis-cli --cluster create "${nodes[@]}" --cluster-replicas 0 --cluster-yes \
    </dev/null >"$RKV_RUN_DIR/cluster/create.log" 2>&1 &
  _RKV_CLUSTER_CREATE_PID=$!
}

_rkv_cluster_abort() { # stop a still-running background `--cluster create`
  if [[ -n ${_RKV_CLUSTER_CREATE_PID:-} ]]; then
    kill "$_RKV_CLUSTER_CREATE_PID" 2>/dev/null || true
    wait "$_RKV_CLUSTER_CREATE_PID" 2>/dev/null || true
    _RKV_CLUSTER_CREATE_PID=''
  fi
}

_rkv_cluster_finish() {
  local port pid=${_RKV_CLUSTER_CREATE_PID:-}
  _RKV_CLUSTER_CREATE_PID=''
  if [[ -z $pid ]] || ! wait "$pid"; then
    _rkv_err "redis-cli --cluster create failed"
    _rkv_tail_log "$RKV_RUN_DIR/cluster/create.log"
    return 1
  fi
  for port in "${_RKV_CLUSTER_PORTS[@]}"; do
    if ! _rkv_wait_for _rkv_cluster_ok "$port" "${#_RKV_CLUSTER_PORTS[@]}"; then
      _rkv_err "cluster node $port did not reach cluster_state:ok within ${RKV_START_TIMEOUT}s"
      timeout 2 redis-cli -h 127.0.0.1 -p "$port" cluster info >&2 || true
      _rkv_tail_log "$RKV_RUN_DIR/cluster/$port/log"
      return 1
    fi
  done
}

# ---------------------------------------------------------------------------
# Redis over TLS: a throwaway CA and a server certificate for 127.0.0.1 and
# localhost, made with openssl under the run dir (wiped at every start), and a
# redis-server listening on TLS only. Clients trust the CA through the store's
# caCert option (RKV_REDIS_TLS_CA). The CA key is deleted once the server
# certificate is signed: nothing else can ever be signed with it.

_rkv_make_tls_certs() { # dir
  local d=$1
  mkdir -p -- "$d" || return 1
  {
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj '/CN=reactive-kv test CA' \
      -keyout "$d/ca.key" -out "$d/ca.crt" &&
      openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj '/CN=localhost' \
        -keyout "$d/server.key" -out "$d/server.csr" &&
      printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' >"$d/server.ext" &&
      openssl x509 -req -in "$d/server.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial \
        -days 2 -extfile "$d/server.ext" -out "$d/server.crt" &&
      # a CA that signed nothing here: clients trusting only it must refuse the server
      openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
        -subj '/CN=reactive-kv wrong CA' -keyout "$d/wrong-ca.key" -out "$d/wrong-ca.crt"
  } >"$d/openssl.log" 2>&1 || {
    _rkv_err "openssl could not make the throwaway CA and server certificate"
    _rkv_tail_log "$d/openssl.log"
    return 1
  }
  rm -f -- "$d/ca.key" "$d/wrong-ca.key" "$d/server.csr"
}

_rkv_start_redis_tls() {
  local dir=$RKV_RUN_DIR/redis-tls
  command -v openssl >/dev/null || { _rkv_err "openssl not installed; run 'scripts/servers install'"; return 1; }
  _rkv_make_tls_certs "$RKV_RUN_DIR/tls" || return 1
  RKV_REDIS_TLS_CA=$RKV_RUN_DIR/tls/ca.crt
  export RKV_REDIS_TLS_CA
  # --port 0: no plain-text listener at all
  _rkv_launch_redis "$RKV_REDIS_BIN" 0 "$dir" --tls-port "$RKV_REDIS_TLS_PORT" \
    --tls-cert-file "$RKV_RUN_DIR/tls/server.crt" --tls-key-file "$RKV_RUN_DIR/tls/server.key" \
    --tls-ca-cert-file "$RKV_REDIS_TLS_CA" --tls-auth-clients no
}

_rkv_redis_tls_ping() { # port
  [[ $(timeout 2 redis-cli --tls --cacert "$RKV_REDIS_TLS_CA" -h 127.0.0.1 -p "$1" ping 2>/dev/null) == PONG ]]
}

_rkv_await_redis_tls() {
  if ! _rkv_wait_for _rkv_redis_tls_ping "$RKV_REDIS_TLS_PORT"; then
    _rkv_err "TLS redis on port $RKV_REDIS_TLS_PORT did not answer PING within ${RKV_START_TIMEOUT}s"
    _rkv_tail_log "$RKV_RUN_DIR/redis-tls/log"
    return 1
  fi
}

# ---------------------------------------------------------------------------
# Sentinel: a master, one replica and three Sentinels (redis-server --sentinel,
# the same binary as Debian's redis-sentinel) watching it under the name
# $RKV_SENTINEL_MASTER, quorum 2. The suite only reads and writes through this
# group; the failover test starts a group of its own, so this one keeps its
# master for the whole run.

_rkv_start_sentinel_group() {
  local base=$RKV_RUN_DIR/sentinel port dir
  _rkv_sentinel_ports
  if ((${#_RKV_SENTINEL_DATA[@]} != 2 || ${#_RKV_SENTINELS[@]} < 3)); then
    _rkv_err "need 2 RKV_SENTINEL_REDIS_PORTS and 3 RKV_SENTINEL_PORTS, got '$RKV_SENTINEL_REDIS_PORTS' and '$RKV_SENTINEL_PORTS'"
    return 1
  fi
  local master=${_RKV_SENTINEL_DATA[0]} replica=${_RKV_SENTINEL_DATA[1]}
  # no 5 s wait for more replicas before the first full sync
  _rkv_launch_redis "$RKV_REDIS_BIN" "$master" "$base/$master" --repl-diskless-sync-delay 0 || return 1
  _rkv_launch_redis "$RKV_REDIS_BIN" "$replica" "$base/$replica" --replicaof 127.0.0.1 "$master" || return 1
  for port in "${_RKV_SENTINELS[@]}"; do
    dir=$base/s$port
    mkdir -p -- "$dir" || return 1
    # Sentinel rewrites its config file: each has its own, writable
    printf '%s\n' "port $port" "bind 127.0.0.1" "daemonize yes" "pidfile $dir/pid" "logfile $dir/log" \
      "dir $dir" "sentinel monitor $RKV_SENTINEL_MASTER 127.0.0.1 $master 2" \
      "sentinel down-after-milliseconds $RKV_SENTINEL_MASTER 2000" \
      "sentinel failover-timeout $RKV_SENTINEL_MASTER 10000" >"$dir/sentinel.conf" || return 1
    if ! "$RKV_REDIS_BIN" "$dir/sentinel.conf" --sentinel </dev/null >>"$dir/launch.log" 2>&1; then
      _rkv_err "sentinel on port $port failed to launch"
      _rkv_tail_log "$dir/launch.log"
      return 1
    fi
  done
}

# The Sentinel on port $1 names the master and sees it up: enough for clients,
# which ask a Sentinel for the master's address (nothing here fails over).
_rkv_sentinel_ok() {
  local out
  out=$(timeout 2 redis-cli -h 127.0.0.1 -p "$1" sentinel master "$RKV_SENTINEL_MASTER" 2>/dev/null | tr -d '\r') || return 1
  grep -A1 -x 'port' <<<"$out" | grep -qx "${_RKV_SENTINEL_DATA[0]}" &&
    grep -A1 -x 'flags' <<<"$out" | grep -qx master
}

_rkv_replica_synced() { # replica port
  timeout 2 redis-cli -h 127.0.0.1 -p "$1" info replication 2>/dev/null | tr -d '\r' | grep -qx 'master_link_status:up'
}

_rkv_await_sentinel_group() {
  local port base=$RKV_RUN_DIR/sentinel
  _rkv_sentinel_ports
  for port in "${_RKV_SENTINEL_DATA[@]}"; do
    _rkv_await_redis "sentinel-group redis" "$port" "$base/$port" || return 1
  done
  if ! _rkv_wait_for _rkv_replica_synced "${_RKV_SENTINEL_DATA[1]}"; then
    _rkv_err "replica on ${_RKV_SENTINEL_DATA[1]} did not sync within ${RKV_START_TIMEOUT}s"
    _rkv_tail_log "$base/${_RKV_SENTINEL_DATA[1]}/log"
    return 1
  fi
  for port in "${_RKV_SENTINELS[@]}"; do
    if ! _rkv_wait_for _rkv_sentinel_ok "$port"; then
      _rkv_err "sentinel on $port does not see master ${_RKV_SENTINEL_DATA[0]} up within ${RKV_START_TIMEOUT}s"
      timeout 2 redis-cli -h 127.0.0.1 -p "$port" sentinel master "$RKV_SENTINEL_MASTER" >&2 || true
      _rkv_tail_log "$base/s$port/log"
      return 1
    fi
  done
}

# ---------------------------------------------------------------------------
# memcached

_rkv_memcached_version() { # port
  (
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf 'version\r\n' >&3
    IFS= read -r -t 2 line <&3 || exit 1
    [[ $line == VERSION* ]]
  ) 2>/dev/null
}

_rkv_start_memcached() {
  local dir=$RKV_RUN_DIR/memcached bin user_args=()
  bin=$(command -v memcached) || { _rkv_err "memcached not installed"; return 1; }
  mkdir -p -- "$dir" || return 1
  [[ $EUID -eq 0 ]] && user_args=(-u root)
  # -v keeps stdio open (daemonize(noclose)) so errors land in the log.
  if ! "$bin" -l 127.0.0.1 -p "$RKV_MEMCACHED_PORT" -U 0 -m 64 "${user_args[@]}" -d \
    -P "$dir/pid" -v </dev/null >>"$dir/log" 2>&1; then
    _rkv_err "memcached failed to launch"
    _rkv_tail_log "$dir/log"
    return 1
  fi
}

_rkv_await_memcached() {
  if ! _rkv_wait_for _rkv_memcached_version "$RKV_MEMCACHED_PORT"; then
    _rkv_err "memcached on port $RKV_MEMCACHED_PORT did not answer 'version' within ${RKV_START_TIMEOUT}s"
    _rkv_tail_log "$RKV_RUN_DIR/memcached/log"
    return 1
  fi
}

# ---------------------------------------------------------------------------
# PostgreSQL

_rkv_pg_bindir() {
  if [[ -n ${RKV_PG_BINDIR:-} ]]; then
    printf '%s\n' "$RKV_PG_BINDIR"
    return 0
  fi
  local d
  d=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)
  [[ -n $d && -x $d/initdb ]] || return 1
  printf '%s\n' "$d"
}

_rkv_as_pg() { # run as the postgres user when we are root (initdb/pg_ctl refuse root)
  if [[ $EUID -eq 0 ]]; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

# The PostgreSQL base dir (data/, socket, log) of the current run, if any.
_rkv_pg_base() {
  local f=$RKV_RUN_DIR/pg.base
  [[ -f $f ]] && head -n 1 -- "$f"
}

_rkv_start_pg() {
  local bindir base data
  bindir=$(_rkv_pg_bindir) || { _rkv_err "PostgreSQL server binaries not found under /usr/lib/postgresql"; return 1; }
  base=$RKV_RUN_DIR/pg
  mkdir -p -- "$base" || return 1
  [[ $EUID -eq 0 ]] && { chown postgres: "$base" || return 1; }
  # The postgres user must reach the run dir, and the socket path must stay
  # below the 107-byte limit; otherwise use a private dir under /tmp.
  if ((${#base} > 80)) || ! _rkv_as_pg test -w "$base" 2>/dev/null; then
    rm -rf -- "$base"
    base=$(mktemp -d /tmp/rkv-pg.XXXXXX) || return 1
    [[ $EUID -eq 0 ]] && { chown postgres: "$base" || return 1; }
    _rkv_log "PostgreSQL state in $base (run dir not usable by user postgres or path too long)"
  fi
  printf '%s\n' "$base" >"$RKV_RUN_DIR/pg.base" || return 1
  data=$base/data
  if ! _rkv_as_pg "$bindir/initdb" -D "$data" -U postgres -A trust --no-sync -E UTF8 \
    --locale=C.UTF-8 </dev/null >"$RKV_RUN_DIR/pg-initdb.log" 2>&1; then
    _rkv_err "initdb failed"
    _rkv_tail_log "$RKV_RUN_DIR/pg-initdb.log"
    return 1
  fi
  # pg_stat_statements: the PostgreSQL store's tests count its scan statements at the server
  if ! _rkv_as_pg "$bindir/pg_ctl" -D "$data" -l "$base/log" -w -t "$RKV_START_TIMEOUT" \
    -o "-p $RKV_PG_PORT -k '$base' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_preload_libraries=pg_stat_statements" \
    start </dev/null >"$RKV_RUN_DIR/pg-ctl.log" 2>&1; then
    _rkv_err "PostgreSQL did not start on port $RKV_PG_PORT within ${RKV_START_TIMEOUT}s"
    _rkv_tail_log "$RKV_RUN_DIR/pg-ctl.log"
    _rkv_tail_log "$base/log"
    return 1
  fi
  if ! _rkv_wait_for "$bindir/pg_isready" -q -h 127.0.0.1 -p "$RKV_PG_PORT"; then
    _rkv_err "PostgreSQL on port $RKV_PG_PORT not ready within ${RKV_START_TIMEOUT}s"
    _rkv_tail_log "$base/log"
    return 1
  fi
  if ! "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$RKV_PG_PORT" -U "$RKV_PG_USER" \
    -d postgres -c "CREATE DATABASE \"$RKV_PG_DB\"" </dev/null >"$RKV_RUN_DIR/pg-createdb.log" 2>&1; then
    _rkv_err "CREATE DATABASE $RKV_PG_DB failed"
    _rkv_tail_log "$RKV_RUN_DIR/pg-createdb.log"
    return 1
  fi
}

# ---------------------------------------------------------------------------
# public API

_rkv_write_env() {
  local v f=$RKV_RUN_DIR/servers.env
  {
    printf '# Written by scripts/servers start; source it to run tests by hand.\n'
    for v in "${_RKV_ENV_VARS[@]}"; do
      _rkv_print_export "$v"
    done
  } >"$f.tmp" && mv -f -- "$f.tmp" "$f"
}

_rkv_print_export() { # name; plain value when it needs no quoting, else %q
  local v=$1
  if [[ ${!v} =~ ^[A-Za-z0-9_./,:@+=-]*$ ]]; then
    printf 'export %s=%s\n' "$v" "${!v}"
  else
    printf 'export %s=%q\n' "$v" "${!v}"
  fi
}

_rkv_safe_run_dir() {
  local d=${RKV_RUN_DIR%/}
  case $d in
    '' | / | "$RKV_REPO_ROOT" | "${HOME:-/nonexistent}" | /tmp | /root | /home | /usr | /var | /etc)
      _rkv_err "refusing to use '$RKV_RUN_DIR' as the run dir (it is wiped at start)"
      return 1
      ;;
  esac
}

servers_start() {
  _rkv_defaults
  _rkv_safe_run_dir || return 1
  local t0 t
  t0=$(_rkv_now_ms)
  # Leftovers of a previous run of ours (pidfiles in the run dir) go first.
  # (Zombies awaiting reaping by PID 1 hold no ports: no need to wait for them.)
  _RKV_SKIP_REAP_WAIT=1 servers_stop || return 1
  if ! rm -rf -- "$RKV_RUN_DIR" || ! mkdir -p -- "$RKV_RUN_DIR"; then
    _rkv_err "cannot recreate $RKV_RUN_DIR"
    return 1
  fi
  _rkv_check_ports_free || return 1
  local b
  for b in "$RKV_REDIS_BIN" "$RKV_VALKEY_BIN"; do
    [[ -x $b ]] || { _rkv_err "$b not found; run 'scripts/servers install'"; return 1; }
  done
  command -v redis-cli >/dev/null || { _rkv_err "redis-cli not found; run 'scripts/servers install'"; return 1; }

  # Launch the daemons that start instantly, then do the slow parts (cluster
  # join, initdb) side by side.
  _rkv_launch_redis "$RKV_REDIS_BIN" "$RKV_REDIS_PORT" "$RKV_RUN_DIR/redis" || return 1
  _rkv_launch_redis "$RKV_VALKEY_BIN" "$RKV_VALKEY_PORT" "$RKV_RUN_DIR/valkey" || return 1
  _rkv_start_memcached || return 1
  _rkv_start_dynalite || return 1
  _rkv_start_redis_tls || return 1
  _rkv_start_sentinel_group || return 1
  _rkv_cluster_begin || { _rkv_cluster_abort; return 1; }
  t=$(_rkv_now_ms)
  _rkv_start_pg || { _rkv_cluster_abort; return 1; }
  _rkv_log "postgresql up on $RKV_PG_PORT ($(_rkv_elapsed "$t")s)"
  _rkv_await_redis redis "$RKV_REDIS_PORT" "$RKV_RUN_DIR/redis" || { _rkv_cluster_abort; return 1; }
  _rkv_log "redis up on $RKV_REDIS_PORT"
  _rkv_await_redis valkey "$RKV_VALKEY_PORT" "$RKV_RUN_DIR/valkey" || { _rkv_cluster_abort; return 1; }
  _rkv_log "valkey up on $RKV_VALKEY_PORT"
  _rkv_await_redis_tls || { _rkv_cluster_abort; return 1; }
  _rkv_log "redis (TLS only) up on $RKV_REDIS_TLS_PORT"
  _rkv_await_memcached || { _rkv_cluster_abort; return 1; }
  _rkv_log "memcached up on $RKV_MEMCACHED_PORT"
  _rkv_await_dynalite || { _rkv_cluster_abort; return 1; }
  _rkv_log "dynalite up on $RKV_DYNAMODB_PORT"
  _rkv_cluster_finish || return 1
  _rkv_log "redis cluster up on $RKV_REDIS_CLUSTER_PORTS"
  t=$(_rkv_now_ms)
  _rkv_await_sentinel_group || return 1
  _rkv_log "sentinel group '$RKV_SENTINEL_MASTER' up: redis $RKV_SENTINEL_REDIS_PORTS, sentinels $RKV_SENTINEL_PORTS ($(_rkv_elapsed "$t")s more)"

  _rkv_write_env || return 1
  _rkv_log "all servers up in $(_rkv_elapsed "$t0")s; env in $RKV_RUN_DIR/servers.env"
}

servers_stop() {
  _rkv_defaults
  local rc=0 pf base=''
  [[ -d $RKV_RUN_DIR ]] || return 0
  _RKV_STOP_PIDS=()
  _RKV_STOP_PIDFILES=()
  # SIGINT to the postmaster = fast shutdown; its children exit with it.
  base=$(_rkv_pg_base) || base=''
  [[ -n $base ]] && _rkv_signal_pidfile "$base/data/postmaster.pid" 'postgres' INT
  _rkv_signal_pidfile "$RKV_RUN_DIR/memcached/pid" 'memcached'
  _rkv_signal_pidfile "$RKV_RUN_DIR/dynalite/pid" 'node .*dynalite'
  _rkv_signal_pidfile "$RKV_RUN_DIR/valkey/pid" 'valkey-server|redis-server'
  for pf in "$RKV_RUN_DIR"/cluster/*/pid; do
    [[ -e $pf ]] && _rkv_signal_pidfile "$pf" 'redis-server'
  done
  _rkv_signal_pidfile "$RKV_RUN_DIR/redis/pid" 'redis-server'
  _rkv_signal_pidfile "$RKV_RUN_DIR/redis-tls/pid" 'redis-server'
  for pf in "$RKV_RUN_DIR"/sentinel/*/pid; do
    [[ -e $pf ]] && _rkv_signal_pidfile "$pf" 'redis-server'
  done
  _rkv_wait_stopped || rc=1
  # A PostgreSQL base outside the run dir (see _rkv_start_pg) is removed here.
  if ((rc == 0)) && [[ -n $base ]]; then
    [[ $base != "$RKV_RUN_DIR"/* && $base == /tmp/rkv-pg.* ]] && rm -rf -- "$base"
    rm -f -- "$RKV_RUN_DIR/pg.base"
  fi
  return "$rc"
}

servers_status() {
  _rkv_defaults
  local rc=0 port bindir
  _rkv_cluster_ports
  if _rkv_redis_ping "$RKV_REDIS_PORT"; then echo "redis      $RKV_REDIS_PORT  up"; else echo "redis      $RKV_REDIS_PORT  DOWN"; rc=1; fi
  for port in "${_RKV_CLUSTER_PORTS[@]}"; do
    if _rkv_cluster_ok "$port" "${#_RKV_CLUSTER_PORTS[@]}"; then
      echo "cluster    $port  up (cluster_state:ok)"
    else
      echo "cluster    $port  DOWN or not ok"
      rc=1
    fi
  done
  if _rkv_redis_tls_ping "$RKV_REDIS_TLS_PORT"; then echo "redis-tls  $RKV_REDIS_TLS_PORT  up"; else echo "redis-tls  $RKV_REDIS_TLS_PORT  DOWN"; rc=1; fi
  _rkv_sentinel_ports
  for port in "${_RKV_SENTINELS[@]}"; do
    if _rkv_sentinel_ok "$port"; then echo "sentinel   $port  up (master ${_RKV_SENTINEL_DATA[0]})"; else echo "sentinel   $port  DOWN or not ok"; rc=1; fi
  done
  if _rkv_redis_ping "$RKV_VALKEY_PORT"; then echo "valkey     $RKV_VALKEY_PORT  up"; else echo "valkey     $RKV_VALKEY_PORT  DOWN"; rc=1; fi
  if _rkv_memcached_version "$RKV_MEMCACHED_PORT"; then echo "memcached  $RKV_MEMCACHED_PORT  up"; else echo "memcached  $RKV_MEMCACHED_PORT  DOWN"; rc=1; fi
  if _rkv_port_busy "$RKV_DYNAMODB_PORT"; then echo "dynalite   $RKV_DYNAMODB_PORT  up"; else echo "dynalite   $RKV_DYNAMODB_PORT  DOWN"; rc=1; fi
  if bindir=$(_rkv_pg_bindir) && "$bindir/pg_isready" -q -h 127.0.0.1 -p "$RKV_PG_PORT"; then
    echo "postgresql $RKV_PG_PORT  up"
  else
    echo "postgresql $RKV_PG_PORT  DOWN"
    rc=1
  fi
  return "$rc"
}

servers_env() {
  _rkv_defaults
  if [[ -f $RKV_RUN_DIR/servers.env ]]; then
    cat -- "$RKV_RUN_DIR/servers.env"
  else
    local v
    printf '# servers not started; defaults:\n'
    for v in "${_RKV_ENV_VARS[@]}"; do
      _rkv_print_export "$v"
    done
  fi
}
