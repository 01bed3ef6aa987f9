#!/usr/bin/env bash
# `corpuslsp check` throughput on a synthetic corpus of N article/sidecar pairs (default 10,000), and in the same run the
# peer: ajv-cli 5 validating the same sidecars against schema/annotation.schema.json (schema only, no article, no
# gazetteer). Prints each run, then medians, pairs/s and the ratio (ajv time / check time: above 1, check is faster).
# Also `check` at a new path (a fresh copy of the corpus; the gazetteer cache is keyed by content, so its dumps are cached).
# Usage: bench/check-throughput.sh [N] [RUNS]     AJV=0 skips the peer; NEWPATH=0 skips the copy;
#        R2R=1 measures the CLI as published for this platform (ReadyToRun, see CorpusLsp.Cli.csproj) instead of the build;
#        AOT=1 as published as native code (NativeAOT; gcc links it where clang is missing);
#        EXE=PATH measures that executable (e.g. the native one bench/lsp/run.sh --shipped published).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}; runs=${2:-3}
work=$(mktemp -d); dir=$work/corpus
trap 'rm -rf "$work"' EXIT
dotnet build -c Release bench/CorpusLsp.Bench -v q -nologo >/dev/null
dotnet bench/CorpusLsp.Bench/bin/Release/net10.0/CorpusLsp.Bench.dll gen "$n" "$dir"
exe=server/CorpusLsp.Cli/bin/Release/net10.0/corpuslsp
if [ "${R2R:-0}" = 1 ]; then
  rid=$(dotnet --info | awk '/RID:/ {print $2; exit}')
  dotnet publish server/CorpusLsp.Cli -c Release -r "$rid" --self-contained false -o "$work/r2r" -v q -nologo >/dev/null
  exe=$work/r2r/corpuslsp
fi
if [ "${AOT:-0}" = 1 ]; then
  rid=$(dotnet --info | awk '/RID:/ {print $2; exit}')
  linker=(); command -v clang >/dev/null || linker=(-p:CppCompilerAndLinker=gcc)
  # The intermediate folder of a publish for this runtime identifier is shared with the other kinds (vscode-extension's
  # package.mjs): cleared before and after, as there.
  rm -rf "server/CorpusLsp.Cli/obj/Release/net10.0/$rid"
  dotnet publish server/CorpusLsp.Cli -c Release -r "$rid" -p:PublishAot=true "${linker[@]}" -o "$work/aot" -v q -nologo >/dev/null
  rm -rf "server/CorpusLsp.Cli/obj/Release/net10.0/$rid"
  exe=$work/aot/corpuslsp
fi
[ -n "${EXE:-}" ] && exe=$EXE
"$exe" check "$dir" --no-progress >/dev/null 2>&1 || true   # warm the gazetteer cache
# The peer is installed once and run directly: npx would add its own package lookup to every measurement.
ajv=(node "$work/ajv/node_modules/ajv-cli/dist/index.js" validate --spec=draft2020 --strict=false -s schema/annotation.schema.json -d "$dir/batch*/*.yaml")
[ "${AJV:-1}" = 1 ] && npm install --silent --no-audit --no-fund --prefix "$work/ajv" ajv-cli@5 >/dev/null

seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; end=$(date +%s.%N); echo "$end - $start" | bc; }
median() { sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }

checks=(); ajvs=(); moved=()
for i in $(seq "$runs"); do
  c=$(seconds "$exe" check "$dir" --no-progress --format json); checks+=("$c")
  line="run $i: check $c s"
  if [ "${AJV:-1}" = 1 ]; then a=$(seconds "${ajv[@]}"); ajvs+=("$a"); line+=", ajv-cli $a s"; fi
  if [ "${NEWPATH:-1}" = 1 ]; then
    copy=$work/copy$i; cp -r "$dir" "$copy"
    m=$(seconds "$exe" check "$copy" --no-progress --format json); moved+=("$m"); line+=", check at a new path $m s"
    rm -rf "$copy"
  fi
  echo "$line"
done
{ "$exe" check "$dir" --no-progress --format json 2>&1 >/dev/null || true; } | tail -1
c=$(printf '%s\n' "${checks[@]}" | median)
echo "check: median $c s for $n pairs = $(echo "$n / $c" | bc) pairs/s"
if [ "${AJV:-1}" = 1 ]; then
  a=$(printf '%s\n' "${ajvs[@]}" | median)
  echo "ajv-cli: median $a s; ratio ajv/check = $(echo "scale=2; $a / $c" | bc)"
fi
if [ "${NEWPATH:-1}" = 1 ]; then
  m=$(printf '%s\n' "${moved[@]}" | median)
  echo "check at a new path: median $m s = $(echo "scale=2; $m / $c" | bc) x warm"
fi
