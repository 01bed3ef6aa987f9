#!/usr/bin/env bash
# Builds the server (Release), prepares the synthetic corpora, installs the peer server, runs bench.mjs.
# Usage: bench/lsp/run.sh [--shipped] [--iterations N] [--runs R] [--only edit,scale] [--servers corpuslsp,yaml-language-server]
# --shipped: measure the server as the VS Code package ships it (NativeAOT for this machine, published the way
# vscode-extension/scripts/package.mjs does) instead of the framework-dependent build run by `dotnet`.
set -euo pipefail
cd "$(dirname "$0")"
repo=$(cd ../.. && pwd)
shipped=()
if [ "${1:-}" = "--shipped" ]; then
  shift
  out="${TMPDIR:-/tmp}/corpuslsp-bench-shipped"
  # The runtime's intermediate folder is shared with other publishes for it (see package.mjs): cleared before and after.
  rid=linux-x64; [ "$(uname -m)" = aarch64 ] && rid=linux-arm64
  obj="$repo/server/CorpusLsp.Cli/obj/Release/net10.0/$rid"
  rm -rf "$obj" "$out"
  linker=(); command -v clang >/dev/null || ! command -v gcc >/dev/null || linker=(-p:CppCompilerAndLinker=gcc)
  dotnet publish "$repo/server/CorpusLsp.Cli" -c Release -r "$rid" -o "$out" --nologo -v q -p:DebugType=none \
    -p:PublishAot=true -p:StripSymbols=true "${linker[@]}" >/dev/null
  rm -rf "$obj"
  shipped=(--corpuslsp "$out/corpuslsp")
fi
dotnet build -c Release "$repo/server/CorpusLsp.Cli" -v q -nologo >/dev/null
dotnet build -c Release "$repo/bench/CorpusLsp.Bench" -v q -nologo >/dev/null
bench="dotnet $repo/bench/CorpusLsp.Bench/bin/Release/net10.0/CorpusLsp.Bench.dll"
tmp="${TMPDIR:-/tmp}"
# Sidecars of 500, 2,000 and 5,000 mentions, each in a copy of the example corpus's configuration.
for n in 500 2000 5000; do
  large="$tmp/corpuslsp-lsp-bench$([ "$n" = 2000 ] || echo "-$n")"
  rm -rf "$large"; mkdir -p "$large"
  cp -r "$repo/examples/syria/gazetteer" "$repo/examples/syria/corpus.yaml" "$large/"
  $bench gen-large "$n" "$large" >/dev/null
done
# The same length annotated cleanly (every mention linked to its own town): what an edit costs without 2,000 warnings.
clean="$tmp/corpuslsp-lsp-bench-2000-clean"
rm -rf "$clean"; mkdir -p "$clean"
cp -r "$repo/examples/syria/gazetteer" "$repo/examples/syria/corpus.yaml" "$clean/"
$bench gen-large 2000 "$clean" --clean >/dev/null
# 10,000 pairs (kept between runs: generating is deterministic).
[ -f "$tmp/corpuslsp-lsp-bench-10k/batch000/article_000003.yaml" ] || $bench gen 10000 "$tmp/corpuslsp-lsp-bench-10k"
# The gazetteer cache is keyed by the dumps' content: one check warms it for every copy of the example's gazetteer.
"$repo/server/CorpusLsp.Cli/bin/Release/net10.0/corpuslsp" check "$repo/examples/syria" --no-progress >/dev/null 2>&1 || true
[ -d node_modules ] || npm install --no-audit --no-fund
node bench.mjs "${shipped[@]}" "$@"
