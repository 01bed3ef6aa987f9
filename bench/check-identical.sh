#!/usr/bin/env bash
# Issue 19: `corpuslsp check` output must stay byte-identical across performance work. Compares a reference build
# (OLD, a directory holding corpuslsp) with this tree's Release build on examples/syria and a `bench gen 2000` corpus,
# in json, text and sarif. Usage: bench/check-identical.sh OLD_DIR [CORPUS_2000]
set -euo pipefail
cd "$(dirname "$0")/.."
old=$1; new=server/CorpusLsp.Cli/bin/Release/net10.0
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
gen=${2:-$work/c2000}
[ -d "$gen" ] || dotnet bench/CorpusLsp.Bench/bin/Release/net10.0/CorpusLsp.Bench.dll gen 2000 "$gen" >/dev/null
status=0
for corpus in examples/syria "$gen"; do
  for fmt in json text sarif; do
    "$old/corpuslsp" check "$corpus" --no-progress --format "$fmt" >"$work/old" 2>"$work/old.err" || echo "exit $?" >>"$work/old"
    "$new/corpuslsp" check "$corpus" --no-progress --format "$fmt" >"$work/new" 2>"$work/new.err" || echo "exit $?" >>"$work/new"
    if cmp -s "$work/old" "$work/new"; then echo "same: $corpus $fmt ($(wc -c <"$work/new") bytes)"
    else echo "DIFFERENT: $corpus $fmt"; status=1; fi
  done
done
exit $status
