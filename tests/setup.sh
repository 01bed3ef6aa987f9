#!/usr/bin/env bash
# Installs what the real-client (end-to-end) tests need, idempotently; does nothing when all is there.
#   tests/setup.sh            everything (what .ci/run calls)
#   tests/setup.sh neovim     Neovim (Debian package)            - tests/CorpusLsp.Tests/Lsp/NeovimTests.cs
#   tests/setup.sh emacs      Emacs 28 with Eglot, yaml-mode and markdown-mode (Debian) - tests/CorpusLsp.Tests/Lsp/EmacsTests.cs
#   tests/setup.sh vscode     Chromium and build tools (Debian), then code-server, playwright-core and the .vsix
#                             through vscode-extension/e2e/setup.sh - tests/CorpusLsp.Tests/Lsp/VsCodeTests.cs
# The tests call it themselves, once per run, so `dotnet test CorpusLsp.sln` needs no other step. Debian packages
# are installed only when missing and only as root (otherwise it says what to install). Concurrent calls (several
# test runs on one machine) wait for each other on a lock next to the installed tools.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
what=${1:-all}
e2e_home=${CORPUSLSP_E2E_HOME:-$HOME/.cache/corpuslsp-e2e}
mkdir -p "$e2e_home"
exec 9>"$e2e_home/setup.lock"
flock 9

need=()
if [ "$what" = all ] || [ "$what" = neovim ]; then
  command -v nvim >/dev/null 2>&1 || need+=(neovim)
fi
if [ "$what" = all ] || [ "$what" = emacs ]; then
  command -v emacs >/dev/null 2>&1 || need+=(emacs-nox)
  # Debian's elpa-* packages install under /usr/share/emacs/site-lisp/elpa-src; `package-initialize` finds them.
  [ -d /usr/share/emacs/site-lisp/elpa-src ] && ls /usr/share/emacs/site-lisp/elpa-src | grep -q '^eglot-' || need+=(elpa-eglot)
  ls /usr/share/emacs/site-lisp/elpa-src 2>/dev/null | grep -q '^yaml-mode-' || need+=(elpa-yaml-mode)
  ls /usr/share/emacs/site-lisp/elpa-src 2>/dev/null | grep -q '^markdown-mode-' || need+=(elpa-markdown-mode)
fi
if [ "$what" = all ] || [ "$what" = vscode ]; then
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  command -v rg >/dev/null 2>&1 || need+=(ripgrep)
  command -v g++ >/dev/null 2>&1 || need+=(build-essential)
  command -v python3 >/dev/null 2>&1 || need+=(python3)
  [ -e /usr/include/krb5.h ] || [ -e /usr/include/gssapi/gssapi.h ] || need+=(libkrb5-dev)
fi
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "tests/setup.sh: missing Debian packages: ${need[*]}. Install them (sudo apt-get install ${need[*]}) or run as root." >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if [ "$what" = all ] || [ "$what" = vscode ]; then
  CORPUSLSP_E2E_HOME="$e2e_home" bash "$repo/vscode-extension/e2e/setup.sh" >/dev/null
fi
echo "tests/setup.sh $what: ready"
