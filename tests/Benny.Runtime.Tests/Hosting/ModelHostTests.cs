using System.Collections.Concurrent;
using Benny.Runtime.Hosting;
using Benny.Runtime.Registry;
using Benny.Runtime.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Benny.Runtime.Tests.Hosting;

public sealed class ModelHostTests
{
    private readonly FakeEngineProvider _provider = new();
    private readonly FakeTimeProvider _time = new();
    private readonly ListLogger<ModelHost> _logger = new();

    private static ModelDefinition Model(string name, string path, int? contextSize = null)
        => new() { Name = name, Engine = "fake", Path = path, ContextSize = contextSize };

    private ModelHost CreateHost(ModelHostOptions? options = null, params ModelDefinition[] models)
    {
        ModelRegistry registry = ModelRegistry.Create(models.Length == 0 ? [Model("benny-route-s", "/models/host/a.gguf")] : models);
        return new ModelHost(registry, [_provider], options ?? new ModelHostOptions { KeepAlive = Timeout.InfiniteTimeSpan }, _logger, _time);
    }

    [Test]
    public void Ctor_DuplicateEngineNames_ThrowsArgumentExceptionNamingEngine()
    {
        ModelRegistry registry = ModelRegistry.Create([Model("benny-route-s", "/models/dup/a.gguf")]);

        ArgumentException? ex = Assert.Throws<ArgumentException>(
            () => _ = new ModelHost(registry, [new FakeEngineProvider("gguf"), new FakeEngineProvider("GGUF")], new ModelHostOptions()));

        Assert.That(ex!.Message, Does.Contain("gguf").IgnoreCase);
    }

    [Test]
    public void Ctor_NullArguments_ThrowArgumentNullException()
    {
        ModelRegistry registry = ModelRegistry.Create([Model("benny-route-s", "/models/null/a.gguf")]);

        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentNullException>(() => _ = new ModelHost(null!, [_provider], new ModelHostOptions()));
            Assert.Throws<ArgumentNullException>(() => _ = new ModelHost(registry, null!, new ModelHostOptions()));
            Assert.Throws<ArgumentNullException>(() => _ = new ModelHost(registry, [_provider], null!));
        });
    }

    [TestCase(-5)]
    [TestCase(60 * 24 * 60)]
    public void Ctor_KeepAliveOutOfRange_ThrowsArgumentException(int minutes)
    {
        ModelRegistry registry = ModelRegistry.Create([Model("benny-route-s", "/models/keep/a.gguf")]);

        ArgumentException? ex = Assert.Throws<ArgumentException>(
            () => _ = new ModelHost(registry, [_provider], new ModelHostOptions { KeepAlive = TimeSpan.FromMinutes(minutes) }));

        Assert.That(ex!.Message, Does.Contain("KeepAlive"));
    }

    [Test]
    public void Ctor_NegativeMaxLoadedModels_ThrowsArgumentException()
    {
        ModelRegistry registry = ModelRegistry.Create([Model("benny-route-s", "/models/max/a.gguf")]);

        ArgumentException? ex = Assert.Throws<ArgumentException>(
            () => _ = new ModelHost(registry, [_provider], new ModelHostOptions { MaxLoadedModels = -1 }));

        Assert.That(ex!.Message, Does.Contain("MaxLoadedModels"));
    }

    [Test]
    public void Registry_AfterConstruction_IsTheGivenRegistry()
    {
        ModelRegistry registry = ModelRegistry.Create([Model("benny-route-s", "/models/reg/a.gguf")]);
        using var host = new ModelHost(registry, [_provider], new ModelHostOptions());

        Assert.That(host.Registry, Is.SameAs(registry));
    }

    [Test]
    public void GetProvider_OtherCase_ReturnsProvider()
    {
        using ModelHost host = CreateHost();

        Assert.That(host.GetProvider("FAKE"), Is.SameAs(_provider));
    }

    [Test]
    public void GetProvider_UnknownEngine_ThrowsNamingEngineAndRegisteredOnes()
    {
        using ModelHost host = CreateHost();

        InvalidOperationException? ex = Assert.Throws<InvalidOperationException>(() => host.GetProvider("openvino"));

        Assert.That(ex!.Message, Does.Contain("openvino").And.Contain("fake"));
    }

    [Test]
    public async Task AcquireAsync_HundredConcurrentFirstRequests_LoadsOnceAndSharesInstance()
    {
        _provider.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using ModelHost host = CreateHost();
        var acquires = new ConcurrentBag<Task<ModelLease>>();

        // Parallel.For returns once every call has registered its wait (AcquireAsync joins the load before it yields).
        Parallel.For(0, 100, _ => acquires.Add(host.AcquireAsync("benny-route-s")));
        Assert.That(host.GetLoadedModels().Single().ActiveLeases, Is.EqualTo(100));
        _provider.Gate.SetResult();
        ModelLease[] leases = await Task.WhenAll(acquires);

        Assert.Multiple(() =>
        {
            Assert.That(_provider.LoadCount, Is.EqualTo(1));
            Assert.That(leases.Select(l => l.Instance).Distinct().Single(), Is.SameAs(_provider.Models.Single()));
        });
        foreach (ModelLease lease in leases)
        {
            lease.Dispose();
        }

        Assert.That(host.GetLoadedModels().Single().ActiveLeases, Is.Zero);
    }

    [Test]
    public async Task AcquireAsync_AliasAndTarget_ShareOneInstance()
    {
        await using ModelHost host = CreateHost(
            null,
            Model("benny-route-m", "/models/alias/m.gguf"),
            new ModelDefinition { Name = "benny-tool-s", AliasOf = "benny-route-m" });

        using ModelLease target = await host.AcquireAsync("benny-route-m");
        using ModelLease alias = await host.AcquireAsync("benny-tool-s");

        Assert.Multiple(() =>
        {
            Assert.That(alias.Instance, Is.SameAs(target.Instance));
            Assert.That(_provider.LoadCount, Is.EqualTo(1));
            Assert.That(alias.ModelName, Is.EqualTo("benny-tool-s"));
            Assert.That(alias.Model.Target.Name, Is.EqualTo("benny-route-m"));
            Assert.That(host.GetLoadedModels().Single().ModelNames, Is.EqualTo(new[] { "benny-route-m", "benny-tool-s" }));
        });
    }

    [Test]
    public async Task AcquireAsync_TwoDefinitionsWithSameArtifactAndSettings_ShareOneInstance()
    {
        await using ModelHost host = CreateHost(
            null,
            Model("benny-clean-s", "/models/same/s.gguf", 4096),
            Model("benny-extract-s", "/models/same/../same/s.gguf", 4096));

        using ModelLease clean = await host.AcquireAsync("benny-clean-s");
        using ModelLease extract = await host.AcquireAsync("benny-extract-s");

        Assert.Multiple(() =>
        {
            Assert.That(extract.Instance, Is.SameAs(clean.Instance));
            Assert.That(_provider.LoadCount, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task AcquireAsync_SameArtifactDifferentLoadSettings_LoadsSeparateInstances()
    {
        await using ModelHost host = CreateHost(
            null,
            Model("benny-clean-s", "/models/diff/s.gguf", 4096),
            Model("benny-extract-s", "/models/diff/s.gguf", 8192));

        using ModelLease clean = await host.AcquireAsync("benny-clean-s");
        using ModelLease extract = await host.AcquireAsync("benny-extract-s");

        Assert.Multiple(() =>
        {
            Assert.That(extract.Instance, Is.Not.SameAs(clean.Instance));
            Assert.That(_provider.LoadCount, Is.EqualTo(2));
            Assert.That(host.GetLoadedModels(), Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task AcquireAsync_LoadFails_EveryWaiterGetsModelLoadException()
    {
        var failure = new FileNotFoundException("no such file");
        _provider.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _provider.FailWith = failure;
        await using ModelHost host = CreateHost(
            null,
            Model("benny-route-s", "/models/fail/a.gguf"),
            new ModelDefinition { Name = "benny-tool-s", AliasOf = "benny-route-s" });
        Task<ModelLease>[] waiters = [host.AcquireAsync("benny-route-s"), host.AcquireAsync("benny-route-s"), host.AcquireAsync("benny-tool-s")];

        _provider.Gate.SetResult();

        string[] names = ["benny-route-s", "benny-route-s", "benny-tool-s"];
        for (int i = 0; i < waiters.Length; i++)
        {
            ModelLoadException ex = (await Assert.ThrowsAsync<ModelLoadException>(async () => await waiters[i]))!;
            Assert.Multiple(() =>
            {
                Assert.That(ex.ModelName, Is.EqualTo(names[i]));
                Assert.That(ex.Engine, Is.EqualTo("fake"));
                Assert.That(ex.Path, Is.EqualTo(Path.GetFullPath("/models/fail/a.gguf")));
                Assert.That(ex.InnerException, Is.SameAs(failure));
                Assert.That(ex.Message, Does.Contain("no such file").And.Contain("Check"));
            });
        }

        Assert.Multiple(() =>
        {
            Assert.That(_provider.LoadCount, Is.EqualTo(1));
            Assert.That(host.GetLoadedModels(), Is.Empty);
            Assert.That(_logger.Entries, Has.Some.Matches<(LogLevel Level, string Message)>(e => e.Level == LogLevel.Error && e.Message.Contains("benny-route-s", StringComparison.Ordinal)));
        });
    }

    [Test]
    public async Task AcquireAsync_AfterFailedLoad_RetriesAndSucceeds()
    {
        _provider.FailWith = new InvalidDataException("bad header");
        await using ModelHost host = CreateHost();
        await Assert.ThrowsAsync<ModelLoadException>(async () => await host.AcquireAsync("benny-route-s"));

        _provider.FailWith = null;
        using ModelLease lease = await host.AcquireAsync("benny-route-s");

        Assert.Multiple(() =>
        {
            Assert.That(_provider.LoadCount, Is.EqualTo(2));
            Assert.That(lease.Instance, Is.SameAs(_provider.Models.Single()));
        });
    }

    [Test]
    public async Task AcquireAsync_CallerCancels_OnlyThatCallerStopsWaiting()
    {
        _provider.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using ModelHost host = CreateHost();
        using var cts = new CancellationTokenSource();
        Task<ModelLease> cancelled = host.AcquireAsync("benny-route-s", cts.Token);
        Task<ModelLease> other = host.AcquireAsync("benny-route-s");
        await _provider.LoadStarted.Task;

        await cts.CancelAsync();

        await Assert.CatchAsync<OperationCanceledException>(async () => await cancelled);
        Assert.That(_provider.LastToken.IsCancellationRequested, Is.False);
        _provider.Gate.SetResult();
        using ModelLease lease = await other;
        Assert.Multiple(() =>
        {
            Assert.That(_provider.LoadCount, Is.EqualTo(1));
            Assert.That(host.GetLoadedModels().Single().ActiveLeases, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task AcquireAsync_OnlyWaiterCancels_LoadCompletesAndIsReused()
    {
        _provider.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using ModelHost host = CreateHost();
        using var cts = new CancellationTokenSource();
        Task<ModelLease> cancelled = host.AcquireAsync("benny-route-s", cts.Token);
        await cts.CancelAsync();
        await Assert.CatchAsync<OperationCanceledException>(async () => await cancelled);

        _provider.Gate.SetResult();
        using ModelLease lease = await host.AcquireAsync("benny-route-s");

        Assert.Multiple(() =>
        {
            Assert.That(_provider.LoadCount, Is.EqualTo(1));
            Assert.That(lease.Instance.ChatClient, Is.Not.Null);
        });
    }

    [Test]
    public async Task AcquireAsync_UnknownName_ThrowsUnknownModelException()
    {
        await using ModelHost host = CreateHost();

        UnknownModelException? ex = await Assert.ThrowsAsync<UnknownModelException>(async () => await host.AcquireAsync("benny-nope-s"));

        Assert.That(ex!.ModelName, Is.EqualTo("benny-nope-s"));
    }

    [Test]
    public async Task AcquireAsync_NullName_ThrowsArgumentNullException()
    {
        await using ModelHost host = CreateHost();

        Assert.Throws<ArgumentNullException>(() => host.AcquireAsync(null!));
    }

    [Test]
    public async Task AcquireAsync_EngineWithoutProvider_ThrowsInvalidOperationException()
    {
        ModelRegistry registry = ModelRegistry.Create([new ModelDefinition { Name = "benny-route-s", Engine = "openvino", Path = "/models/ov/a" }]);
        await using var host = new ModelHost(registry, [_provider], new ModelHostOptions());

        InvalidOperationException? ex = await Assert.ThrowsAsync<InvalidOperationException>(async () => await host.AcquireAsync("benny-route-s"));

        Assert.That(ex!.Message, Does.Contain("openvino"));
    }

    [Test]
    public async Task AcquireAsync_AfterDispose_ThrowsObjectDisposedException()
    {
        ModelHost host = CreateHost();
        await host.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await host.AcquireAsync("benny-route-s"));
    }

    [Test]
    public async Task Release_IdleForKeepAlive_UnloadsModel()
    {
        await using ModelHost host = CreateHost(new ModelHostOptions { KeepAlive = TimeSpan.FromMinutes(5) });
        (await host.AcquireAsync("benny-route-s")).Dispose();
        FakeEngineModel model = _provider.Models.Single();

        _time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.That(model.IsDisposed, Is.False);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Multiple(() =>
        {
            Assert.That(model.DisposeCount, Is.EqualTo(1));
            Assert.That(host.GetLoadedModels(), Is.Empty);
            Assert.That(_logger.Entries, Has.Some.Matches<(LogLevel Level, string Message)>(e => e.Message.Contains("idle", StringComparison.Ordinal)));
        });
    }

    [Test]
    public async Task Release_ReacquiredBeforeKeepAliveExpires_KeepsModelAndRestartsKeepAlive()
    {
        await using ModelHost host = CreateHost(new ModelHostOptions { KeepAlive = TimeSpan.FromMinutes(5) });
        (await host.AcquireAsync("benny-route-s")).Dispose();
        FakeEngineModel model = _provider.Models.Single();

        _time.Advance(TimeSpan.FromMinutes(4));
        (await host.AcquireAsync("benny-route-s")).Dispose();
        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.That(model.IsDisposed, Is.False);
        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.Multiple(() =>
        {
            Assert.That(model.IsDisposed, Is.True);
            Assert.That(_provider.LoadCount, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Release_UsedOftenWithinKeepAlive_UnloadsOneKeepAliveAfterTheLastRelease()
    {
        await using ModelHost host = CreateHost(new ModelHostOptions { KeepAlive = TimeSpan.FromMinutes(5) });
        for (int i = 0; i < 4; i++)
        {
            (await host.AcquireAsync("benny-route-s")).Dispose();
            _time.Advance(TimeSpan.FromMinutes(2));
        }

        FakeEngineModel model = _provider.Models.Single();
        _time.Advance(TimeSpan.FromMinutes(3) - TimeSpan.FromSeconds(1));
        Assert.That(model.IsDisposed, Is.False, "the last release was 4:59 ago");
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Multiple(() =>
        {
            Assert.That(model.DisposeCount, Is.EqualTo(1));
            Assert.That(host.GetLoadedModels(), Is.Empty);
        });
    }

    [Test]
    public async Task Release_KeepAliveEndedWhileInUse_StartsAgainAtTheRelease()
    {
        await using ModelHost host = CreateHost(new ModelHostOptions { KeepAlive = TimeSpan.FromMinutes(5) });
        (await host.AcquireAsync("benny-route-s")).Dispose();
        _time.Advance(TimeSpan.FromMinutes(4));
        ModelLease held = await host.AcquireAsync("benny-route-s");
        _time.Advance(TimeSpan.FromMinutes(10));
        FakeEngineModel model = _provider.Models.Single();
        Assert.That(model.IsDisposed, Is.False);

        held.Dispose();
        _time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.That(model.IsDisposed, Is.False);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.That(model.DisposeCount, Is.EqualTo(1));
    }

    [Test]
    public async Task AcquireAsync_AfterIdleUnload_LoadsANewInstance()
    {
        await using ModelHost host = CreateHost(new ModelHostOptions { KeepAlive = TimeSpan.FromMinutes(5) });
        (await host.AcquireAsync("benny-route-s")).Dispose();
        _time.Advance(TimeSpan.FromMinutes(5));

        using ModelLease lease = await host.AcquireAsync("benny-route-s");

        Assert.Multiple(() =>
        {
            Assert.That(_provider.LoadCount, Is.EqualTo(2));
            Assert.That(lease.Instance, Is.SameAs(_provider.Models[1]));
            Assert.That(_provider.Models[0].IsDisposed, Is.True);
        });
    }

    [Test]
    public async Task Release_LeaseHeldPastKeepAlive_NeverUnloads()
    {
        await using ModelHost host = CreateHost(new ModelHostOptions { KeepAlive = TimeSpan.FromMinutes(5) });
        (await host.AcquireAsync("benny-route-s")).Dispose();
        _time.Advance(TimeSpan.FromMinutes(4));
        using ModelLease held = await host.AcquireAsync("benny-route-s");

        _time.Advance(TimeSpan.FromHours(3));

        Assert.That(_provider.Models.Single().IsDisposed, Is.False);
    }

    [Test]
    public async Task Release_KeepAliveZero_UnloadsAsSoonAsIdle()
    {
        await using ModelHost host = CreateHost(new ModelHostOptions { KeepAlive = TimeSpan.Zero });
        ModelLease first = await host.AcquireAsync("benny-route-s");
        ModelLease second = await host.AcquireAsync("benny-route-s");

        first.Dispose();
        Assert.That(_provider.Models.Single().IsDisposed, Is.False);
        second.Dispose();

        Assert.Multiple(() =>
        {
            Assert.That(_provider.Models.Single().IsDisposed, Is.True);
            Assert.That(host.GetLoadedModels(), Is.Empty);
        });
    }

    [Test]
    public async Task Release_KeepAliveInfinite_NeverUnloads()
    {
        await using ModelHost host = CreateHost(new ModelHostOptions { KeepAlive = Timeout.InfiniteTimeSpan });
        (await host.AcquireAsync("benny-route-s")).Dispose();

        _time.Advance(TimeSpan.FromDays(365));

        Assert.Multiple(() =>
        {
            Assert.That(_provider.Models.Single().IsDisposed, Is.False);
            Assert.That(host.GetLoadedModels(), Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task AcquireAsync_CapacityReached_UnloadsLeastRecentlyUsedIdleModel()
    {
        await using ModelHost host = CreateHost(
            new ModelHostOptions { KeepAlive = Timeout.InfiniteTimeSpan, MaxLoadedModels = 2 },
            Model("benny-route-s", "/models/lru/a.gguf"),
            Model("benny-clean-s", "/models/lru/b.gguf"),
            Model("benny-tool-m", "/models/lru/c.gguf"));
        (await host.AcquireAsync("benny-route-s")).Dispose();
        (await host.AcquireAsync("benny-clean-s")).Dispose();
        (await host.AcquireAsync("benny-route-s")).Dispose();

        using ModelLease c = await host.AcquireAsync("benny-tool-m");

        FakeEngineModel a = _provider.Models.Single(m => m.Definition.Name == "benny-route-s");
        FakeEngineModel b = _provider.Models.Single(m => m.Definition.Name == "benny-clean-s");
        Assert.Multiple(() =>
        {
            Assert.That(b.IsDisposed, Is.True);
            Assert.That(a.IsDisposed, Is.False);
            Assert.That(host.GetLoadedModels().SelectMany(m => m.ModelNames), Is.EquivalentTo(new[] { "benny-route-s", "benny-tool-m" }));
            Assert.That(_logger.Entries, Has.Some.Matches<(LogLevel Level, string Message)>(e => e.Message.Contains("capacity", StringComparison.Ordinal)));
        });
    }

    [Test]
    public async Task AcquireAsync_CapacityReachedAllInUse_LoadsAnywayAndWarns()
    {
        await using ModelHost host = CreateHost(
            new ModelHostOptions { KeepAlive = Timeout.InfiniteTimeSpan, MaxLoadedModels = 1 },
            Model("benny-route-s", "/models/full/a.gguf"),
            Model("benny-clean-s", "/models/full/b.gguf"));
        using ModelLease a = await host.AcquireAsync("benny-route-s");

        using ModelLease b = await host.AcquireAsync("benny-clean-s");

        Assert.Multiple(() =>
        {
            Assert.That(a.Instance, Is.InstanceOf<FakeEngineModel>().With.Property(nameof(FakeEngineModel.IsDisposed)).False);
            Assert.That(host.GetLoadedModels(), Has.Count.EqualTo(2));
            Assert.That(_logger.Entries, Has.Some.Matches<(LogLevel Level, string Message)>(e => e.Level == LogLevel.Warning && e.Message.Contains("MaxLoadedModels", StringComparison.Ordinal)));
        });
    }

    [Test]
    public async Task AcquireAsync_EngineReportsProgress_RaisesClampedEventsEndingWithOne()
    {
        _provider.ProgressSteps = [-0.5f, 0.25f, float.NaN, 0.5f];
        await using ModelHost host = CreateHost();
        var events = new ConcurrentQueue<ModelLoadProgress>();
        host.LoadProgress += (_, e) => events.Enqueue(e);

        using ModelLease lease = await host.AcquireAsync("benny-route-s");

        Assert.Multiple(() =>
        {
            Assert.That(events.Select(e => e.Fraction), Is.EqualTo(new[] { 0f, 0.25f, 0.5f, 1f }));
            Assert.That(events.Select(e => (e.ModelName, e.Engine)).Distinct(), Is.EqualTo(new[] { ("benny-route-s", "fake") }));
        });
    }

    [Test]
    public async Task AcquireAsync_EngineReportsOverOne_RaisesOneOnce()
    {
        _provider.ProgressSteps = [0.5f, 2f];
        await using ModelHost host = CreateHost();
        var events = new ConcurrentQueue<float>();
        host.LoadProgress += (_, e) => events.Enqueue(e.Fraction);

        using ModelLease lease = await host.AcquireAsync("benny-route-s");

        Assert.That(events, Is.EqualTo(new[] { 0.5f, 1f }));
    }

    [Test]
    public async Task AcquireAsync_ProgressHandlerThrows_LoadStillSucceeds()
    {
        _provider.ProgressSteps = [0.5f];
        await using ModelHost host = CreateHost();
        host.LoadProgress += (_, _) => throw new InvalidOperationException("handler bug");

        using ModelLease lease = await host.AcquireAsync("benny-route-s");

        Assert.That(lease.Instance, Is.SameAs(_provider.Models.Single()));
    }

    [Test]
    public async Task GetLoadedModels_DuringAndAfterLoad_DescribesInstance()
    {
        _provider.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using ModelHost host = CreateHost();
        Task<ModelLease> acquire = host.AcquireAsync("benny-route-s");

        LoadedModelInfo loading = host.GetLoadedModels().Single();
        _provider.Gate.SetResult();
        using ModelLease lease = await acquire;
        LoadedModelInfo loaded = host.GetLoadedModels().Single();

        Assert.Multiple(() =>
        {
            Assert.That(loading.IsLoaded, Is.False);
            Assert.That(loaded.IsLoaded, Is.True);
            Assert.That(loaded.Engine, Is.EqualTo("fake"));
            Assert.That(loaded.Path, Is.EqualTo(Path.GetFullPath("/models/host/a.gguf")));
            Assert.That(loaded.ModelNames, Is.EqualTo(new[] { "benny-route-s" }));
            Assert.That(loaded.ActiveLeases, Is.EqualTo(1));
            Assert.That(loaded.LastUsed, Is.EqualTo(_time.GetUtcNow()));
        });
    }

    [Test]
    public async Task DisposeAsync_LoadedModels_DisposesEveryInstanceEvenWhenOneThrows()
    {
        ModelHost host = CreateHost(
            null,
            Model("benny-route-s", "/models/dispose/a.gguf"),
            Model("benny-clean-s", "/models/dispose/b.gguf"));
        ModelLease held = await host.AcquireAsync("benny-route-s");
        (await host.AcquireAsync("benny-clean-s")).Dispose();
        ((FakeEngineModel)held.Instance).ThrowOnDispose = new InvalidOperationException("native free failed");

        await host.DisposeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(_provider.Models.Select(m => m.DisposeCount), Is.EqualTo(new[] { 1, 1 }));
            Assert.That(_logger.Entries, Has.Some.Matches<(LogLevel Level, string Message)>(e => e.Level == LogLevel.Warning && e.Message.Contains("benny-route-s", StringComparison.Ordinal)));
        });
        held.Dispose();
    }

    [Test]
    public async Task Dispose_CalledTwice_DisposesInstancesOnce()
    {
        ModelHost host = CreateHost();
        (await host.AcquireAsync("benny-route-s")).Dispose();

        host.Dispose();
        host.Dispose();
        await host.DisposeAsync();

        Assert.That(_provider.Models.Single().DisposeCount, Is.EqualTo(1));
    }

    [Test]
    public async Task DisposeAsync_DuringLoad_CancelsLoadAndFailsWaitersWithObjectDisposed()
    {
        _provider.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ModelHost host = CreateHost();
        Task<ModelLease> acquire = host.AcquireAsync("benny-route-s");
        await _provider.LoadStarted.Task;

        await host.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await acquire);
        Assert.Multiple(() =>
        {
            Assert.That(_provider.LastToken.IsCancellationRequested, Is.True);
            Assert.That(_provider.Models, Is.Empty);
        });
    }

    [Test]
    public async Task DisposeAsync_LoadIgnoresCancellation_WaitsForLoadAndDisposesItsModel()
    {
        _provider.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _provider.IgnoreCancellation = true;
        ModelHost host = CreateHost();
        Task<ModelLease> acquire = host.AcquireAsync("benny-route-s");
        await _provider.LoadStarted.Task;

        Task disposing = host.DisposeAsync().AsTask();
        Assert.That(disposing.IsCompleted, Is.False);
        _provider.Gate.SetResult();
        await disposing;

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await acquire);
        Assert.That(_provider.Models.Single().DisposeCount, Is.EqualTo(1));
    }
}
