#!/usr/bin/env bash
# Side by side: Benny's GGUF engine and node-llama-cpp 3.22.1 (the same llama.cpp v0.5.0 build) decoding the same prompts
# greedily on the same models, at each tool's default thread count and at 1 and 2 threads. Checks that both produce the
# same greedy text, then prints a markdown table of decode rates (tokens/s after the first token, median of 5).
#   bash benchmarks/peers/run.sh
# node-llama-cpp is installed (once, exact version, no build scripts) into ~/.cache/benny/peers; the 0.5B-shaped model is
# built by Benny's throughput mode if it is missing.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
peers="${XDG_CACHE_HOME:-$HOME/.cache}/benny/peers"
mkdir -p "$peers"
if [ ! -d "$peers/node_modules/node-llama-cpp" ]; then
  (cd "$peers" && npm install --no-audit --no-fund --ignore-scripts node-llama-cpp@3.22.1 > npm.log 2>&1) || { echo "npm install node-llama-cpp@3.22.1 failed: see $peers/npm.log" >&2; exit 1; }
fi
cp "$root/benchmarks/peers/node-llama-cpp-bench.mjs" "$peers/bench.mjs"

bench=(dotnet run -c Release --no-build --project "$root/benchmarks/Benny.Benchmarks" --)
dotnet build -c Release "$root/benchmarks/Benny.Benchmarks" > /dev/null
small="$(cd "$root/.." && pwd)/shared/models/stories260K.gguf"
medium="${TMPDIR:-/tmp}/benny-bench-models/qwen2.5-0.5b-shaped-q8_0.gguf"
[ -f "$medium" ] || "${bench[@]}" throughput > /dev/null

echo "| model | threads | Benny tok/s | node-llama-cpp tok/s | same greedy text |"
echo "| --- | --- | ---: | ---: | --- |"
status=0
limit="${BENNY_PEERS_TIMEOUT:-150}"   # seconds per tool and setting: a setting that oversubscribes the cores can take far longer
for spec in "stories260K|$small|Once upon a time|32" "0.5B-shaped Q8_0|$medium|Story number 0: once upon a time|64"; do
  IFS='|' read -r name model prompt tokens <<< "$spec"
  for threads in default 1 2; do
    benny="$(timeout "$limit" "${bench[@]}" decode "$model" "$prompt" "$tokens" "$threads" | tail -1)" || benny='{"timedOut": true}'
    node="$(cd "$peers" && timeout "$limit" node bench.mjs "$model" "$prompt" "$tokens" "$threads" 2>/dev/null | tail -1)" || node='{"timedOut": true}'
    row=$(python3 - "$benny" "$node" <<'PY'
import json, sys
a, b = json.loads(sys.argv[1]), json.loads(sys.argv[2])
rate = lambda d: "timed out" if d.get("timedOut") else "%s (%s thr)" % (d["tokensPerSecond"], d["threads"])
same = "n/a" if a.get("timedOut") or b.get("timedOut") else ("yes" if a["text"] == b["text"] else "NO")
print(rate(a) + " | " + rate(b) + " | " + same)
PY
)
    case "$row" in *"| NO") status=1 ;; esac
    echo "| $name | $threads | $row |"
  done
done
exit $status
