#!/usr/bin/env bash
# Fetches the pinned llama.cpp natives (npm packages of node-llama-cpp 3.22.1 = llama.cpp v0.5.0), checks each
# tarball's sha512 integrity against the pinned value, and unpacks it under build/natives/. A no-op when the
# requested parts are already there with the same integrity. Nothing fetched here is ever committed.
#
# usage: build/llama-natives.sh [cpu] [vulkan] [cuda] [arm64] [headers]     (default: cpu headers)
#   cpu      -> build/natives/linux-x64/cpu/        libllama.v0.5.0.so, libggml*.so (CPU backends)
#   vulkan   -> build/natives/linux-x64/vulkan/     the same release built with the Vulkan backend as well
#   cuda     -> build/natives/linux-x64/cuda/       the same release built with the CUDA 13 backend as well (143 MB download)
#   arm64    -> build/natives/linux-arm64/cpu/      the CPU build for 64-bit ARM Linux
#   headers  -> build/natives/llama-headers/include  llama.h and ggml headers of that release (for layout tests)
# The runtime packages (src/Benny.Engines.Gguf.Runtime.*) run it during 'dotnet pack' for the parts they carry.
# env: BENNY_NATIVES_OUT overrides the output folder.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${BENNY_NATIVES_OUT:-$root/build/natives}"

declare -A spec integrity dest
spec[cpu]="@node-llama-cpp/linux-x64@3.22.1"
integrity[cpu]="sha512-5uCCDNqWCNfaAm8aR/Uzxbo4HBpKgNF91kCHPepKhgMgV2OAmatoefbOlMihsqCiH2Od35E/eUHQCFbfRBJuOg=="
dest[cpu]="$out/linux-x64/cpu"
spec[vulkan]="@node-llama-cpp/linux-x64-vulkan@3.22.1"
integrity[vulkan]="sha512-bBxqU+JOcBu1nb5Qj2zcMci+JByT1E8EajHvYodyNfVIPkEhXh+/HMwR1/BT7xP08YK0hks+kM8fglER0P8JEg=="
dest[vulkan]="$out/linux-x64/vulkan"
spec[cuda]="@node-llama-cpp/linux-x64-cuda@3.22.1"
integrity[cuda]="sha512-8rQCjyNNLZJUFit+YpjwlC4hwkKgOMIkB2wuycKBf8NU2O3ySKbiWZQ8aw9ku2nUTXjSnUIrE6KB88itduTBuA=="
dest[cuda]="$out/linux-x64/cuda"
spec[arm64]="@node-llama-cpp/linux-arm64@3.22.1"
integrity[arm64]="sha512-W+7naKCXX9/eEjjFmRS8vvx91QyLXDbeFxexZc3bh/PtQABZgmRL3C0AtYYXn4YGTj/3Qor4lWZn2tpjZFPLdQ=="
dest[arm64]="$out/linux-arm64/cpu"
spec[headers]="node-llama-cpp@3.22.1"
integrity[headers]="sha512-bltIipuWmc123H7tMIgDGKSsSrhmhlQYeVUC48XTjVW7XGJJiJJyCdlTMzQ/LiWoPkGDpcL4FviDpgw7qfTiDw=="
dest[headers]="$out/llama-headers"

fail() { echo "llama-natives: error: $*" >&2; exit 1; }
# 'dotnet run' builds quietly: MSBuild shows none of this script's output. Called from the build
# (BENNY_NATIVES_NOTIFY_TTY=1), a download is also announced on the terminal, when there is one.
say() {
  echo "$*"
  if [ "${BENNY_NATIVES_NOTIFY_TTY:-}" = 1 ] && [ ! -t 1 ]; then { echo "$*" > /dev/tty; } 2>/dev/null || true; fi
}

parts=("$@")
[ ${#parts[@]} -eq 0 ] && parts=(cpu headers)
for part in "${parts[@]}"; do
  [ -n "${spec[$part]:-}" ] || fail "unknown part '$part'; use cpu, vulkan, cuda, arm64 or headers."
done

mkdir -p "$out"
exec 9>"$out/.lock"
flock 9   # concurrent builds (several projects, several test runs) fetch once

for part in "${parts[@]}"; do
  target="${dest[$part]}"
  if [ -f "$target/.integrity" ] && [ "$(cat "$target/.integrity")" = "${integrity[$part]}" ]; then
    continue
  fi

  command -v npm >/dev/null || fail "npm is needed to fetch ${spec[$part]} (the pinned llama.cpp build). Install Node.js and npm (Debian: apt-get install -y npm), or point BENNY_LLAMA_NATIVE_DIR / GgufEngineOptions.NativeLibraryDirectory at a folder holding libllama.v0.5.0.so."
  command -v openssl >/dev/null || fail "openssl is needed to check the sha512 integrity of ${spec[$part]} (Debian: apt-get install -y openssl)."

  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  say "llama-natives: fetching ${spec[$part]} (the pinned llama.cpp build, once per machine) ..."
  (cd "$work" && npm pack "${spec[$part]}" --silent >/dev/null 2>"$work/npm.log") \
    || fail "npm pack ${spec[$part]} failed: $(tail -3 "$work/npm.log"). Check that the npm registry is reachable."
  tarball="$(ls "$work"/*.tgz)"
  actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
  [ "$actual" = "${integrity[$part]}" ] \
    || fail "integrity check failed for ${spec[$part]}: expected ${integrity[$part]}, got $actual. Nothing was installed; the pinned value lives in build/llama-natives.sh."

  staging="$target.partial"
  rm -rf "$staging" && mkdir -p "$staging"
  mkdir -p "$work/x" && tar xzf "$tarball" -C "$work/x"
  if [ "$part" = headers ]; then
    command -v git >/dev/null || fail "git is needed to read the llama.cpp source bundle in ${spec[$part]} (Debian: apt-get install -y git)."
    git clone --quiet "$work/x/package/llama/gitRelease.bundle" "$work/src" 2>/dev/null \
      || fail "could not clone the llama.cpp source bundle of ${spec[$part]}."
    mkdir -p "$staging/include"
    cp "$work/src/include/"*.h "$work/src/ggml/include/"*.h "$staging/include/"
    git -C "$work/src" rev-parse HEAD > "$staging/source-commit"
  else
    find "$work/x/package/bins" -maxdepth 2 \( -name '*.so' -o -name '_nlcBuildMetadata.json' \) -exec cp {} "$staging/" \;
    ls "$staging"/libllama*.so >/dev/null 2>&1 || fail "${spec[$part]} holds no libllama*.so; is the pinned version right?"
  fi
  echo "${integrity[$part]}" > "$staging/.integrity"
  rm -rf "$target" && mv "$staging" "$target"
  rm -rf "$work"; trap - EXIT
  say "llama-natives: ${spec[$part]} -> $target"
done
