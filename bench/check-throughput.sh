#!/usr/bin/env bash
# `corpuslsp check` throughput on a synthetic corpus of N article/sidecar pairs (default 10,000).
# Usage: bench/check-throughput.sh [N] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}; runs=${2:-3}
dir=$(mktemp -d)/corpus
dotnet build -c Release bench/CorpusLsp.Bench -v q -nologo >/dev/null
dotnet bench/CorpusLsp.Bench/bin/Release/net10.0/CorpusLsp.Bench.dll gen "$n" "$dir"
exe=server/CorpusLsp.Cli/bin/Release/net10.0/corpuslsp
"$exe" check "$dir" --no-progress >/dev/null 2>&1 || true   # warm the gazetteer cache
for i in $(seq "$runs"); do
  start=$(date +%s.%N)
  "$exe" check "$dir" --no-progress --format json > /dev/null 2> "$dir.err" || true
  end=$(date +%s.%N)
  echo "run $i: $(echo "$end - $start" | bc) s; $(tail -1 "$dir.err")"
done
rm -rf "$(dirname "$dir")"
