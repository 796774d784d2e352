using Benny.Runtime.Hosting;
using Benny.Runtime.Registry;

namespace Benny.Runtime.Tests.Hosting;

public sealed class ModelLeaseTests
{
    private readonly FakeEngineProvider _provider = new();

    private ModelHost CreateHost() => new(
        ModelRegistry.Create(
        [
            new ModelDefinition { Name = "benny-route-m", Engine = "fake", Path = "/models/lease/m.gguf" },
            new ModelDefinition { Name = "benny-tool-s", AliasOf = "benny-route-m" },
        ]),
        [_provider],
        new ModelHostOptions { KeepAlive = Timeout.InfiniteTimeSpan });

    [Test]
    public async Task Properties_AliasLease_DescribeRequestAndInstance()
    {
        await using ModelHost host = CreateHost();

        using ModelLease lease = await host.AcquireAsync("BENNY-TOOL-S");

        Assert.Multiple(() =>
        {
            Assert.That(lease.ModelName, Is.EqualTo("benny-tool-s"));
            Assert.That(lease.Model.Requested.Name, Is.EqualTo("benny-tool-s"));
            Assert.That(lease.Model.Target.Name, Is.EqualTo("benny-route-m"));
            Assert.That(lease.Instance, Is.SameAs(_provider.Models.Single()));
            Assert.That(lease.ChatClient, Is.SameAs(lease.Instance.ChatClient));
        });
    }

    [Test]
    public async Task Dispose_CalledTwice_ReleasesOnce()
    {
        await using ModelHost host = CreateHost();
        using ModelLease kept = await host.AcquireAsync("benny-route-m");
        ModelLease lease = await host.AcquireAsync("benny-route-m");

        lease.Dispose();
        lease.Dispose();

        Assert.That(host.GetLoadedModels().Single().ActiveLeases, Is.EqualTo(1));
    }
}
