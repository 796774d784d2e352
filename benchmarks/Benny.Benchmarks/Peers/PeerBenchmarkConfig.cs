using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;

namespace Benny.Benchmarks.Peers;

/// <summary>The peer suites' configuration: the tokens per second and category columns, cases grouped by category (one baseline each).</summary>
internal sealed class PeerBenchmarkConfig : ManualConfig
{
    public PeerBenchmarkConfig()
    {
        AddColumn(new TokensPerSecondColumn(), CategoriesColumn.Default);
        AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory);
    }
}
