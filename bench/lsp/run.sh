#!/usr/bin/env bash
# Builds the server (Release), prepares the large synthetic corpus, installs the peer server, runs bench.mjs.
set -euo pipefail
cd "$(dirname "$0")"
repo=$(cd ../.. && pwd)
dotnet build -c Release "$repo/server/CorpusLsp.Cli" -v q -nologo >/dev/null
dotnet build -c Release "$repo/bench/CorpusLsp.Bench" -v q -nologo >/dev/null
large="${TMPDIR:-/tmp}/corpuslsp-lsp-bench"
rm -rf "$large"; mkdir -p "$large"
cp -r "$repo/examples/syria/gazetteer" "$repo/examples/syria/corpus.yaml" "$large/"
dotnet "$repo/bench/CorpusLsp.Bench/bin/Release/net10.0/CorpusLsp.Bench.dll" gen-large 2000 "$large"
[ -d node_modules ] || npm install --no-audit --no-fund
node bench.mjs "$@"
