#!/usr/bin/env bash
# Sharded `check` against the unsharded run on a synthetic corpus (`bench gen`): time and peak memory of one shard,
# of the profiles pass, and of the merge. Medians of RUNS runs; ratios from the same run.
# Usage: bench/shard-scale.sh [PAIRS=100000] [SHARDS=8] [RUNS=3] [--no-whole]
# SHARD_SCALE_CORPUS=DIR reuses (and keeps) a corpus written by `bench gen PAIRS DIR` before, else one is generated and removed.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}; shards=${2:-8}; runs=${3:-3}; whole=${4:-}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
dotnet build -c Release bench/CorpusLsp.Bench -v q -nologo >/dev/null
corpus=$work/corpus
if [ -n "${SHARD_SCALE_CORPUS:-}" ]; then corpus=$(realpath "$SHARD_SCALE_CORPUS")
else dotnet bench/CorpusLsp.Bench/bin/Release/net10.0/CorpusLsp.Bench.dll gen "$n" "$corpus" >/dev/null; fi
exe=$PWD/server/CorpusLsp.Cli/bin/Release/net10.0/corpuslsp
export CORPUSLSP_CACHE=$work/cache
cd "$work"
"$exe" check "$corpus" --shard 1/1000 --no-progress >/dev/null 2>&1 || true   # builds the gazetteer cache once

# measure NAME CMD...: RUNS runs of CMD; prints the median wall seconds and peak RSS (MB).
measure() {
  local name=$1; shift
  local t=() m=()
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" || true
    read -r s kb < <(tail -1 "$work/time"); t+=("$s"); m+=("$((kb / 1024))")
  done
  local ts ms
  ts=$(printf '%s\n' "${t[@]}" | sort -g | sed -n "$(( (runs + 1) / 2 ))p")
  ms=$(printf '%s\n' "${m[@]}" | sort -g | sed -n "$(( (runs + 1) / 2 ))p")
  echo "$name $ts $ms"
}

"$exe" profiles "$corpus" -o profiles.json
for k in $(seq "$shards"); do "$exe" check "$corpus" --shard "$k/$shards" --profiles profiles.json --summary "s$k.json" --no-progress >/dev/null 2>&1 || true; done
results=()
[ "$whole" = "--no-whole" ] || results+=("$(measure whole "$exe" check "$corpus" --no-progress --format json)")
results+=("$(measure profiles "$exe" profiles "$corpus" -o profiles.json)")
results+=("$(measure shard "$exe" check "$corpus" --shard "1/$shards" --profiles profiles.json --summary s1.json --no-progress --format json)")
results+=("$(measure shard-computing-profiles "$exe" check "$corpus" --shard "1/$shards" --summary s1b.json --no-progress --format json)")
results+=("$(measure merge "$exe" check --merge $(seq -f 's%g.json' 1 "$shards") --format json)")
echo "pairs=$n shards=$shards runs=$runs load=$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-26s %10s %10s\n' what "median s" "peak MB"
base_t=""; base_m=""
for r in "${results[@]}"; do
  read -r name s mb <<< "$r"
  [ "$name" = whole ] && { base_t=$s; base_m=$mb; }
  ratio=""
  [ -n "$base_t" ] && [ "$name" != whole ] && ratio=$(printf '(%.3f x time, %.3f x memory of whole)' "$(echo "$s / $base_t" | bc -l)" "$(echo "$mb / $base_m" | bc -l)")
  printf '%-26s %10s %10s %s\n' "$name" "$s" "$mb" "$ratio"
done
