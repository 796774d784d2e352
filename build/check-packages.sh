#!/usr/bin/env bash
# The package consumer check (run by .ci/run; runs alone too): proves that a new application works from the NuGet
# packages alone, as a user outside this repository would use them.
#   1. packs every package of the solution into a local folder (the runtime packages fetch and verify their natives);
#   2. checks each package's contents (own README, snupkg beside each library, natives per RID, no stray dependencies);
#   3. creates a console app in a temporary folder ('dotnet new console', no ProjectReference, the local folder as its
#      only extra package source, a private NuGet cache), adds Benny.Runtime, Benny.Engines.Gguf and
#      Benny.Engines.Gguf.Runtime.Cpu (and the DI container, Microsoft.Extensions.DependencyInjection), and runs tests/PackageConsumer/Program.cs on ../shared/models/stories260K.gguf:
#      the greedy answer must begin with the model's reference continuation;
#   4. publishes it self-contained and single-file, runs the binary from another folder, and expects the same text;
#   5. points the published app at another wrapper's natives (LLamaSharp.Backend.Cpu 0.30.0) and expects the
#      documented version-mismatch message and exit code 1, not an EntryPointNotFoundException.
# Prints one "package check NAME: passed|FAILED" line per check; writes "<passed> <failed>" to $1 when given.
# env: BENNY_PACKAGES_CONFIGURATION (default Release), BENNY_PACKAGES_NO_BUILD=1 packs the existing build output.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
counts_file="${1:-}"
configuration="${BENNY_PACKAGES_CONFIGURATION:-Release}"
model="$(cd "$root/.." && pwd)/shared/models/stories260K.gguf"
expected_start=", there was a little girl named Lily"   # shared/models/README.md: greedy from "Once upon a time"
version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$root/Directory.Build.props" | head -1)"
feed="$root/artifacts/packages"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export NUGET_PACKAGES="$work/nuget-cache"   # a private cache: packages of the same version from an earlier run never leak in
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

passed=0 failed=0
report() { # name ok log
  if [ "$2" -eq 1 ]; then echo "package check $1: passed"; passed=$((passed + 1));
  else echo "package check $1: FAILED"; [ -f "$3" ] && tail -40 "$3"; failed=$((failed + 1)); fi
}
finish() { [ -n "$counts_file" ] && echo "$passed $failed" > "$counts_file"; exit $(( failed > 0 ? 1 : 0 )); }

# 1. pack
log="$work/pack.log"; ok=1
rm -rf "$feed"
no_build=(); [ "${BENNY_PACKAGES_NO_BUILD:-}" = 1 ] && no_build=(--no-build)
dotnet pack "$root/Benny.Runtime.sln" -c "$configuration" "${no_build[@]}" -o "$feed" > "$log" 2>&1 || ok=0
grep -E "warning|error" "$log" | grep -v "0 Warning" | grep -v "0 Error" >> "$log.problems"
[ -s "$log.problems" ] && { cat "$log.problems" >> "$log"; ok=0; }
report pack $ok "$log"
[ $ok -eq 1 ] || finish

# 2. contents
log="$work/contents.log"; ok=1
entries() { unzip -Z1 "$feed/$1.$version.nupkg"; }
nuspec() { unzip -p "$feed/$1.$version.nupkg" "$1.nuspec"; }
expect() { # description command...
  if "${@:2}" >> "$log" 2>&1; then echo "ok: $1" >> "$log"; else echo "MISSING: $1" >> "$log"; ok=0; fi
}
for id in Benny.Runtime Benny.Engines.Gguf Benny.Engines.OpenVino Benny.Evaluation; do
  expect "$id has a symbol package" test -f "$feed/$id.$version.snupkg"
  expect "$id has Source Link to the public repository" bash -c "nuspec() { unzip -p '$feed/$id.$version.nupkg' '$id.nuspec'; }; nuspec | grep -q 'repository type=\"git\" url=\"https://github.com/benny-runtime/benny.runtime\".*commit='"
done
for id in Benny.Runtime Benny.Engines.Gguf Benny.Engines.OpenVino Benny.Evaluation Benny.Engines.Gguf.Runtime.Cpu Benny.Engines.Gguf.Runtime.Vulkan Benny.Engines.Gguf.Runtime.Cuda; do
  expect "$id packs its own README" bash -c "unzip -p '$feed/$id.$version.nupkg' README.md | head -1 | grep -qx '# $id'"
done
for id in Benny.Engines.Gguf Benny.Engines.OpenVino; do
  deps="$(nuspec $id | grep -o 'dependency id="[^"]*"' | sed 's/dependency id=//; s/"//g' | sort | tr '\n' ' ')"
  expect "$id depends on what it uses ($deps)" test "$deps" = "Benny.Runtime Microsoft.Extensions.AI.Abstractions Microsoft.Extensions.Logging.Abstractions "
done
deps="$(nuspec Benny.Evaluation | grep -o 'dependency id="[^"]*"' | sed 's/dependency id=//; s/"//g' | sort | tr '\n' ' ')"
expect "Benny.Evaluation depends on what it uses ($deps)" test "$deps" = "Benny.Runtime JsonSchema.Net Microsoft.Extensions.AI.Abstractions Microsoft.Extensions.AI.Evaluation "
expect "Benny.Evaluation embeds the built-in golden sets" bash -c "unzip -p '$feed/Benny.Evaluation.$version.nupkg' lib/net10.0/Benny.Evaluation.dll | grep -aq 'Benny.Evaluation.GoldenSets.classify.jsonl'"
expect "Cpu runtime: linux-x64 natives" bash -c "unzip -Z1 '$feed/Benny.Engines.Gguf.Runtime.Cpu.$version.nupkg' | grep -qx 'natives/runtimes/linux-x64/native/cpu/libllama.v0.5.0.so'"
expect "Cpu runtime: linux-arm64 natives" bash -c "unzip -Z1 '$feed/Benny.Engines.Gguf.Runtime.Cpu.$version.nupkg' | grep -qx 'natives/runtimes/linux-arm64/native/cpu/libllama.v0.5.0.so'"
expect "Vulkan runtime: the Vulkan backend" bash -c "unzip -Z1 '$feed/Benny.Engines.Gguf.Runtime.Vulkan.$version.nupkg' | grep -qx 'natives/runtimes/linux-x64/native/vulkan/libggml-vulkan.so'"
expect "Cuda runtime: the CUDA backend" bash -c "unzip -Z1 '$feed/Benny.Engines.Gguf.Runtime.Cuda.$version.nupkg' | grep -qx 'natives/runtimes/linux-x64/native/cuda/libggml-cuda.so'"
expect "Cuda runtime fits NuGet's 250 MB limit" test "$(stat -c %s "$feed/Benny.Engines.Gguf.Runtime.Cuda.$version.nupkg")" -lt 262144000
for id in Benny.Engines.Gguf.Runtime.Cpu Benny.Engines.Gguf.Runtime.Vulkan Benny.Engines.Gguf.Runtime.Cuda; do
  expect "$id: copy targets, notices, no assembly, no dependency" bash -c "e=\$(unzip -Z1 '$feed/$id.$version.nupkg'); grep -qx 'buildTransitive/$id.targets' <<<\"\$e\" && grep -qx 'THIRD-PARTY-NOTICES.md' <<<\"\$e\" && ! grep -q '^lib/' <<<\"\$e\" && ! unzip -p '$feed/$id.$version.nupkg' '$id.nuspec' | grep -q '<dependency '"
done
report contents $ok "$log"

# 3. a new console app from the packages alone
app="$work/Consumer"; log="$work/consumer.log"; ok=1
{
  mkdir -p "$app" && cd "$app" \
  && dotnet new console --framework net10.0 --name Consumer --output . \
  && printf '<?xml version="1.0" encoding="utf-8"?>\n<configuration>\n  <packageSources>\n    <add key="benny-local" value="%s" />\n  </packageSources>\n</configuration>\n' "$feed" > nuget.config \
  && dotnet add package Benny.Runtime --version "$version" \
  && dotnet add package Benny.Engines.Gguf --version "$version" \
  && dotnet add package Benny.Engines.Gguf.Runtime.Cpu --version "$version" \
  && dotnet add package Microsoft.Extensions.DependencyInjection \
  && cp "$root/tests/PackageConsumer/Program.cs" Program.cs \
  && ! grep -q ProjectReference Consumer.csproj \
  && dotnet build -c Release \
  && test -f bin/Release/net10.0/runtimes/linux-x64/native/cpu/libllama.v0.5.0.so \
  && test -f bin/Release/net10.0/runtimes/linux-arm64/native/cpu/libllama.v0.5.0.so \
  && dotnet bin/Release/net10.0/Consumer.dll "$model" > "$work/build-run.out"
} >> "$log" 2>&1 || ok=0
cat "$work/build-run.out" >> "$log" 2>/dev/null
answer="$(sed -n 's/^answer: //p' "$work/build-run.out" 2>/dev/null)"
[[ "$answer" == "$expected_start"* ]] || { echo "expected the answer to begin with '$expected_start', got '$answer'" >> "$log"; ok=0; }
grep -q "^natives: .*(cpu build, linux-x64) from $app/bin/Release/net10.0/runtimes/linux-x64/native/cpu" "$work/build-run.out" 2>/dev/null \
  || { echo "expected the cpu build beside the app" >> "$log"; ok=0; }
report "console app from packages" $ok "$log"
[ -n "$answer" ] && echo "  answer: $answer"

# 4. self-contained single-file publish, run from another folder
log="$work/publish.log"; ok=1
publish="$work/publish"; elsewhere="$work/elsewhere"
{
  cd "$app" \
  && dotnet publish -c Release -r linux-x64 --self-contained -p:PublishSingleFile=true -o "$publish" \
  && test -f "$publish/runtimes/linux-x64/native/cpu/libllama.v0.5.0.so" \
  && test ! -e "$publish/runtimes/linux-arm64" \
  && test ! -e "$publish/Consumer.dll" \
  && mkdir -p "$elsewhere" && cd "$elsewhere" \
  && "$publish/Consumer" "$model" > "$work/publish-run.out"
} >> "$log" 2>&1 || ok=0
cat "$work/publish-run.out" >> "$log" 2>/dev/null
published="$(sed -n 's/^answer: //p' "$work/publish-run.out" 2>/dev/null)"
[ -n "$answer" ] && [ "$published" = "$answer" ] || { echo "expected the published app's answer '$published' to equal '$answer'" >> "$log"; ok=0; }
report "self-contained single-file publish" $ok "$log"

# 5. another wrapper's natives: the documented version-mismatch message, exit code 1
log="$work/mismatch.log"; ok=1
foreign="$work/foreign"
{
  mkdir -p "$foreign" && cd "$foreign" \
  && printf '<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>\n  <ItemGroup><PackageReference Include="LLamaSharp.Backend.Cpu" Version="0.30.0" /></ItemGroup>\n</Project>\n' > Foreign.csproj \
  && dotnet restore
} >> "$log" 2>&1 || ok=0
natives_dir="$NUGET_PACKAGES/llamasharp.backend.cpu/0.30.0/LLamaSharpRuntimes/linux-x64/native/noavx"
if [ $ok -eq 1 ] && [ -f "$natives_dir/libllama.so" ]; then
  (cd "$elsewhere" && BENNY_LLAMA_NATIVE_DIR="$natives_dir" "$publish/Consumer" "$model") > "$work/mismatch.out" 2> "$work/mismatch.err"
  rc=$?
  cat "$work/mismatch.out" "$work/mismatch.err" >> "$log"
  [ $rc -eq 1 ] || { echo "expected exit code 1, got $rc" >> "$log"; ok=0; }
  grep -q "do not export llama_version(), so they are not the llama.cpp release Benny.Engines.Gguf is bound to" "$work/mismatch.err" || { echo "expected the version-mismatch message" >> "$log"; ok=0; }
  ! grep -q "EntryPointNotFoundException" "$work/mismatch.err" || { echo "a raw EntryPointNotFoundException leaked" >> "$log"; ok=0; }
else
  echo "LLamaSharp.Backend.Cpu 0.30.0 natives not found at $natives_dir" >> "$log"; ok=0
fi
report "another wrapper's natives are refused clearly" $ok "$log"

finish
