using BenchmarkDotNet.Running;
using Benny.Benchmarks;

// BenchmarkDotNet suites: dotnet run -c Release --project benchmarks/Benny.Benchmarks -- --filter '*'
//   peers (raw native loop, Benny, LLamaSharp 0.30.0), one stream, prefill and decode: --filter '*GgufPeerBenchmarks*'
//   peers, aggregate decode with 1, 2, 4 and 8 concurrent requests:                    --filter '*GgufBatchingBenchmarks*'
// Cancellation latency:   dotnet run -c Release --project benchmarks/Benny.Benchmarks -- cancellation-latency
// Grammar sampling cost:  dotnet run -c Release --project benchmarks/Benny.Benchmarks -- grammar-sampling [0.5b]
// Batching, prefix reuse: dotnet run -c Release --project benchmarks/Benny.Benchmarks -- throughput
// Decode rate (peers):    dotnet run -c Release --project benchmarks/Benny.Benchmarks -- decode <model> <prompt> <tokens> <threads|default>
if (args is ["cancellation-latency"])
{
    return await CancellationLatency.RunAsync();
}

if (args is ["grammar-sampling", .. var grammarModel] && grammarModel is [] or ["0.5b"])
{
    return await GrammarSampling.RunAsync(halfBillion: grammarModel is ["0.5b"]);
}

if (args is ["decode", var model, var prompt, var tokens, var threads])
{
    return await DecodeRate.RunAsync(model, prompt, int.Parse(tokens, System.Globalization.CultureInfo.InvariantCulture), threads);
}

if (args is ["throughput"])
{
    return await Throughput.RunAsync();
}

BenchmarkSwitcher.FromAssembly(typeof(PipelineOverheadBenchmarks).Assembly).Run(args);
return 0;
