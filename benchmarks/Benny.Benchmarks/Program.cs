using BenchmarkDotNet.Running;
using Benny.Benchmarks;

// BenchmarkDotNet suites: dotnet run -c Release --project benchmarks/Benny.Benchmarks -- --filter '*'
// Cancellation latency:   dotnet run -c Release --project benchmarks/Benny.Benchmarks -- cancellation-latency
if (args is ["cancellation-latency"])
{
    return await CancellationLatency.RunAsync();
}

BenchmarkSwitcher.FromAssembly(typeof(PipelineOverheadBenchmarks).Assembly).Run(args);
return 0;
