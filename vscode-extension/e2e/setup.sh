#!/usr/bin/env bash
# Installs what the code-server end-to-end test needs, idempotently, into $CORPUSLSP_E2E_HOME
# (default ~/.cache/corpuslsp-e2e): code-server 4.100.3 (the newest for Node 20), playwright-core, and the .vsix.
# Debian packages (chromium, build tools for node-pty, ripgrep) come from apt; nothing is downloaded from elsewhere.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
ext=$(cd "$here/.." && pwd)
home=${CORPUSLSP_E2E_HOME:-$HOME/.cache/corpuslsp-e2e}
mkdir -p "$home"

need_apt=()
for p in chromium rg make g++ python3; do command -v "$p" >/dev/null 2>&1 || need_apt+=("$p"); done
[ -e /usr/include/gssapi/gssapi.h ] || [ -e /usr/include/krb5.h ] || need_apt+=(krb5)
if [ ${#need_apt[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium build-essential python3 libkrb5-dev ripgrep >/dev/null
fi

cs="$home/code-server-4.100.3"
if [ ! -f "$cs/out/node/entry.js" ] || [ ! -d "$cs/node_modules" ]; then
  rm -rf "$cs" "$home/pack"; mkdir -p "$home/pack"
  (cd "$home/pack" && npm pack code-server@4.100.3 --silent >/dev/null && tar -xzf code-server-4.100.3.tgz && mv package "$cs")
  # @vscode/ripgrep's postinstall downloads a binary; seed its cache with Debian's rg (same 13.0.0).
  tmp=${TMPDIR:-/tmp}
  cache="$tmp/vscode-ripgrep-cache-1.15.11"
  mkdir -p "$cache" "$home/rg/bin"
  cp "$(command -v rg)" "$home/rg/rg"
  tar -czf "$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$home/rg" rg
  (cd "$cs" && npm_config_yes=true npm install --omit=dev --unsafe-perm --foreground-scripts --no-audit --no-fund >"$home/code-server-install.log" 2>&1) \
    || { tail -40 "$home/code-server-install.log"; rm -rf "$cache"; exit 1; }
  rm -rf "$cache" "$home/pack"
fi

if [ ! -d "$home/node_modules/playwright-core" ]; then
  (cd "$home" && npm init -y >/dev/null 2>&1 && npm install --no-audit --no-fund playwright-core@1.65.1 >/dev/null)
fi

# The extension package, built offline from this checkout.
(cd "$ext" && { [ -d node_modules ] || npm ci --no-audit --no-fund >/dev/null; } && npm run package >/dev/null)
echo "$home"
