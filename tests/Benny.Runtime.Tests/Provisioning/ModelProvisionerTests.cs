using System.Collections.Concurrent;
using System.Text.Json;
using Benny.Runtime.Hosting;
using Benny.Runtime.Provisioning;
using Benny.Runtime.Registry;
using Benny.Runtime.Tests.Hosting;
using Benny.Runtime.Tests.Support;
using Benny.Tests.Support;

namespace Benny.Runtime.Tests.Provisioning;

public class ModelProvisionerTests
{
    private const string Repo = "acme/Tiny-GGUF";
    private const string FileName = "tiny-q8_0.gguf";
    private const string Source = "hf://" + Repo + "/" + FileName;

    private FakeHuggingFaceServer _server = null!;
    private TempDirectory _temp = null!;

    [SetUp]
    public async Task StartServer()
    {
        _server = await FakeHuggingFaceServer.StartAsync();
        _temp = new TempDirectory();
    }

    [TearDown]
    public async Task StopServer()
    {
        await _server.DisposeAsync();
        _temp.Dispose();
    }

    [Test]
    public async Task EnsureAsync_MissingFile_DownloadsVerifiesAndReports()
    {
        FakeFile file = _server.Add(Repo, FileName, Bytes(100_000));
        using ModelProvisioner provisioner = CreateProvisioner(Registry(Model("m", Source)));

        ProvisioningReport report = await provisioner.EnsureAsync(["m"]);

        ProvisioningEntry entry = report.Models.Single();
        Assert.Multiple(() =>
        {
            Assert.That(entry.Error, Is.Null);
            Assert.That(entry.Action, Is.EqualTo(ProvisioningAction.Downloaded));
            Assert.That(entry.Model, Is.EqualTo("m"));
            Assert.That(entry.Bytes, Is.EqualTo(100_000));
            Assert.That(entry.DownloadedBytes, Is.EqualTo(100_000));
            Assert.That(entry.Sha256, Is.EqualTo(file.Sha256));
            Assert.That(entry.Path, Is.EqualTo(Path.Combine(_temp.Path, "cache", "acme", "Tiny-GGUF", "main", FileName)));
            Assert.That(File.ReadAllBytes(entry.Path!), Is.EqualTo(file.Content));
            Assert.That(File.Exists(entry.Path + ".part"), Is.False);
            Assert.That(report.Succeeded, Is.True);
        });
    }

    [Test]
    public async Task Report_SerializesWithSnakeCaseNamesAndLowerCaseActions()
    {
        _server.Add(Repo, FileName, Bytes(10));
        using ModelProvisioner provisioner = CreateProvisioner(Registry(Model("m", Source)));

        ProvisioningReport report = await provisioner.EnsureAsync(["m", "nope"]);
        using JsonDocument json = JsonDocument.Parse(JsonSerializer.Serialize(report));

        JsonElement root = json.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("succeeded").GetBoolean(), Is.False);
            JsonElement first = root.GetProperty("models")[0];
            Assert.That(first.GetProperty("model").GetString(), Is.EqualTo("m"));
            Assert.That(first.GetProperty("action").GetString(), Is.EqualTo("downloaded"));
            Assert.That(first.GetProperty("bytes").GetInt64(), Is.EqualTo(10));
            Assert.That(first.TryGetProperty("duration_ms", out _), Is.True);
            Assert.That(first.GetProperty("path").GetString(), Does.EndWith(FileName));
            Assert.That(first.TryGetProperty("error", out _), Is.False);
            JsonElement second = root.GetProperty("models")[1];
            Assert.That(second.GetProperty("action").GetString(), Is.EqualTo("failed"));
            Assert.That(second.GetProperty("error").GetString(), Does.Contain("'nope'"));
            Assert.That(report.ToJson(), Does.Contain("\"action\": \"downloaded\""));
        });
    }

    [Test]
    public async Task EnsureAsync_SecondCall_ReturnsCachedReportWithoutRequests_AndForceReverifies()
    {
        _server.Add(Repo, FileName, Bytes(5000));
        using ModelProvisioner provisioner = CreateProvisioner(Registry(Model("m", Source)));
        ProvisioningEntry first = (await provisioner.EnsureAsync(["m"])).Models.Single();
        int requests = _server.Requests.Count;

        ProvisioningEntry second = (await provisioner.EnsureAsync(["m"])).Models.Single();
        Assert.That(second, Is.EqualTo(first));
        Assert.That(_server.Requests, Has.Count.EqualTo(requests), "a cached report touches no network");

        ProvisioningEntry forced = (await provisioner.EnsureAsync(["m"], force: true)).Models.Single();
        Assert.Multiple(() =>
        {
            Assert.That(forced.Action, Is.EqualTo(ProvisioningAction.Verified));
            Assert.That(_server.BodyRequests(FileName), Is.EqualTo(1), "force re-verifies the hash without downloading again");
        });
    }

    [Test]
    public async Task EnsureAsync_FileAlreadyInCache_IsPresent()
    {
        _server.Add(Repo, FileName, Bytes(5000));
        using (ModelProvisioner first = CreateProvisioner(Registry(Model("m", Source))))
        {
            await first.EnsureAsync(["m"]);
        }

        using ModelProvisioner provisioner = CreateProvisioner(Registry(Model("m", Source)));
        ProvisioningEntry entry = (await provisioner.EnsureAsync(["m"])).Models.Single();

        Assert.Multiple(() =>
        {
            Assert.That(entry.Action, Is.EqualTo(ProvisioningAction.Present));
            Assert.That(entry.Bytes, Is.EqualTo(5000));
            Assert.That(entry.DownloadedBytes, Is.Zero);
            Assert.That(_server.BodyRequests(FileName), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task EnsureAsync_ForceWithCorruptFile_DownloadsAgain()
    {
        FakeFile file = _server.Add(Repo, FileName, Bytes(5000));
        using ModelProvisioner provisioner = CreateProvisioner(Registry(Model("m", Source)));
        string path = (await provisioner.EnsureAsync(["m"])).Models.Single().Path!;
        File.WriteAllBytes(path, Bytes(5000, seed: 7));

        ProvisioningEntry entry = (await provisioner.EnsureAsync(["m"], force: true)).Models.Single();

        Assert.Multiple(() =>
        {
            Assert.That(entry.Action, Is.EqualTo(ProvisioningAction.Downloaded));
            Assert.That(File.ReadAllBytes(path), Is.EqualTo(file.Content));
        });
    }

    [Test]
    public async Task EnsureAsync_ConnectionDroppedMidFile_ResumesWithRange()
    {
        FakeFile file = _server.Add(Repo, FileName, Bytes(200_000));
        file.DropsLeft = 1;
        file.DropAfterBytes = 70_000;
        using ModelProvisioner provisioner = CreateProvisioner(Registry(Model("m", Source)));
        var progress = new ConcurrentQueue<ProvisioningProgress>();

        ProvisioningEntry entry = (await provisioner.EnsureAsync(["m"], progress: new SyncProgress<ProvisioningProgress>(progress.Enqueue))).Models.Single();

        Assert.Multiple(() =>
        {
            Assert.That(entry.Error, Is.Null);
            Assert.That(entry.Action, Is.EqualTo(ProvisioningAction.Resumed));
            Assert.That(File.ReadAllBytes(entry.Path!), Is.EqualTo(file.Content));
            Assert.That(_server.Requests, Has.Some.Contains("bytes="), "the second GET asks for the rest only");
            Assert.That(entry.DownloadedBytes, Is.EqualTo(200_000), "no byte is fetched twice");
            Assert.That(progress.Last(), Is.EqualTo(new ProvisioningProgress("m", FileName, 200_000, 200_000)));
            Assert.That(progress.Select(p => p.BytesDone), Is.Ordered);
        });
    }

    [Test]
    public async Task EnsureAsync_PartialFileFromEarlierRun_Resumes()
    {
        FakeFile file = _server.Add(Repo, FileName, Bytes(50_000));
        using ModelProvisioner provisioner = CreateProvisioner(Registry(Model("m", Source)));
        string path = provisioner.FindArtifact(Model("m", Source))!.Path;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path + ".part", file.Content[..20_000]);

        ProvisioningEntry entry = (await provisioner.EnsureAsync(["m"])).Models.Single();

        Assert.Multiple(() =>
        {
            Assert.That(entry.Action, Is.EqualTo(ProvisioningAction.Resumed));
            Assert.That(entry.DownloadedBytes, Is.EqualTo(30_000));
            Assert.That(File.ReadAllBytes(path), Is.EqualTo(file.Content));
            Assert.That(_server.Requests, Has.Some.EndsWith("bytes=20000-"));
        });
    }

    [Test]
    public async Task EnsureAsync_WrongChecksumFromServer_LeavesNoFileAndNamesRepoFileAndHashes()
    {
        FakeFile file = _server.Add(Repo, FileName, Bytes(30_000));
        file.AnnouncedSha256 = new string('a', 64);
        using ModelProvisioner provisioner = CreateProvisioner(Registry(Model("m", Source)));

        ProvisioningEntry entry = (await provisioner.EnsureAsync(["m"])).Models.Single();

        string path = provisioner.FindArtifact(Model("m", Source))!.Path;
        Assert.Multiple(() =>
        {
            Assert.That(entry.Action, Is.EqualTo(ProvisioningAction.Failed));
            Assert.That(entry.Error, Does.Contain(Repo).And.Contain(FileName).And.Contain("SHA-256")
                .And.Contain("expected " + new string('a', 64)).And.Contain("got " + file.Sha256));
            Assert.That(File.Exists(path), Is.False);
            Assert.That(File.Exists(path + ".part"), Is.False);
        });
    }

    [Test]
    public async Task EnsureAsync_WrongChecksumInRegistry_Fails()
    {
        _server.Add(Repo, FileName, Bytes(1000));
        ModelDefinition model = Model("m", Source);
        model.Sha256 = new string('b', 64);
        using ModelProvisioner provisioner = CreateProvisioner(Registry(model));

        ProvisioningEntry entry = (await provisioner.EnsureAsync(["m"])).Models.Single();

        Assert.Multiple(() =>
        {
            Assert.That(entry.Action, Is.EqualTo(ProvisioningAction.Failed));
            Assert.That(entry.Error, Does.Contain("expected " + new string('b', 64)).And.Contain("Benny:Models:m:Sha256"));
            Assert.That(File.Exists(provisioner.FindArtifact(model)!.Path), Is.False);
        });
    }

    [Test]
    public async Task EnsureAsync_NotFound_NamesRepositoryAndWhatToCheck()
    {
        using ModelProvisioner provisioner = CreateProvisioner(Registry(Model("m", "hf://acme/Missing-GGUF/x.gguf")));

        ProvisioningEntry entry = (await provisioner.EnsureAsync(["m"])).Models.Single();

        Assert.Multiple(() =>
        {
            Assert.That(entry.Action, Is.EqualTo(ProvisioningAction.Failed));
            Assert.That(entry.Error, Does.Contain("404").And.Contain("acme/Missing-GGUF").And.Contain("x.gguf")
                .And.Contain("RepoNotFound").And.Contain("Check the repository name").And.Contain("HF_TOKEN"));
        });
    }

    [Test]
    public async Task EnsureAsync_Unauthorized_SaysToSetToken_AndTheTokenWorks()
    {
        FakeFile file = _server.Add(Repo, FileName, Bytes(1000));
        file.Private = true;
        using ModelProvisioner anonymous = CreateProvisioner(Registry(Model("m", Source)));

        ProvisioningEntry refused = (await anonymous.EnsureAsync(["m"])).Models.Single();

        Assert.Multiple(() =>
        {
            Assert.That(refused.Action, Is.EqualTo(ProvisioningAction.Failed));
            Assert.That(refused.Error, Does.Contain("401").And.Contain(Repo).And.Contain("HF_TOKEN").And.Contain("No token was sent"));
        });

        using ModelProvisioner wrong = CreateProvisioner(Registry(Model("m", Source)), token: "hf_wrong");
        Assert.That((await wrong.EnsureAsync(["m"])).Models.Single().Error, Does.Contain("was refused"));

        using ModelProvisioner authorized = CreateProvisioner(Registry(Model("m", Source)), token: _server.Token);
        ProvisioningEntry entry = (await authorized.EnsureAsync(["m"])).Models.Single();
        Assert.That(entry.Action, Is.EqualTo(ProvisioningAction.Downloaded), entry.Error);
    }

    [Test]
    public async Task EnsureAsync_ConcurrentCallsOnTwoProvisioners_DownloadOnce()
    {
        FakeFile file = _server.Add(Repo, FileName, Bytes(64 * 1024));
        file.ChunkDelay = TimeSpan.FromMilliseconds(15);
        using ModelProvisioner first = CreateProvisioner(Registry(Model("m", Source)));
        using ModelProvisioner second = CreateProvisioner(Registry(Model("m", Source)));

        ProvisioningReport[] reports = await Task.WhenAll(first.EnsureAsync(["m"]), second.EnsureAsync(["m"]));

        ProvisioningAction[] actions = [.. reports.Select(r => r.Models.Single().Action).Order()];
        Assert.Multiple(() =>
        {
            Assert.That(_server.BodyRequests(FileName), Is.EqualTo(1));
            Assert.That(actions, Is.EqualTo(new[] { ProvisioningAction.Present, ProvisioningAction.Downloaded }.Order()));
            Assert.That(File.ReadAllBytes(reports[0].Models.Single().Path!), Is.EqualTo(file.Content));
        });
    }

    [Test]
    public async Task EnsureAsync_ConcurrentCallsOnOneProvisioner_ShareOneRun()
    {
        FakeFile file = _server.Add(Repo, FileName, Bytes(32 * 1024));
        file.ChunkDelay = TimeSpan.FromMilliseconds(10);
        using ModelProvisioner provisioner = CreateProvisioner(Registry(Model("m", Source), Alias("general", "m")));

        ProvisioningReport[] reports = await Task.WhenAll(provisioner.EnsureAsync(["m"]), provisioner.EnsureAsync(["general"]));

        Assert.Multiple(() =>
        {
            Assert.That(_server.BodyRequests(FileName), Is.EqualTo(1));
            Assert.That(reports.Select(r => r.Models.Single().Action), Is.All.EqualTo(ProvisioningAction.Downloaded));
        });
    }

    [Test]
    public async Task EnsureAsync_OneOfTwoCallersCancels_TheOtherStillGetsTheDownload()
    {
        FakeFile file = _server.Add(Repo, FileName, Bytes(64 * 1024));
        file.ChunkDelay = TimeSpan.FromMilliseconds(15);
        using ModelProvisioner provisioner = CreateProvisioner(Registry(Model("m", Source), Alias("general", "m")));
        using var leaving = new CancellationTokenSource();

        Task<ProvisioningReport> cancelled = provisioner.EnsureAsync(["m"], cancellationToken: leaving.Token);
        Task<ProvisioningReport> staying = provisioner.EnsureAsync(["general"]);
        await Task.Delay(60);
        await leaving.CancelAsync();

        Assert.That(async () => await cancelled, Throws.InstanceOf<OperationCanceledException>());
        ProvisioningEntry entry = (await staying).Models.Single();
        Assert.That(entry.Action, Is.EqualTo(ProvisioningAction.Downloaded), entry.Error);
        Assert.That(File.ReadAllBytes(entry.Path!), Is.EqualTo(file.Content));
    }

    [Test]
    public async Task EnsureAsync_EveryCallerCancels_TheDownloadStopsAndALaterCallResumesIt()
    {
        FakeFile file = _server.Add(Repo, FileName, Bytes(64 * 1024));
        file.ChunkDelay = TimeSpan.FromMilliseconds(15);
        using ModelProvisioner provisioner = CreateProvisioner(Registry(Model("m", Source)));
        using var cancel = new CancellationTokenSource();

        Task<ProvisioningReport> first = provisioner.EnsureAsync(["m"], cancellationToken: cancel.Token);
        await Task.Delay(60);
        await cancel.CancelAsync();
        Assert.That(async () => await first, Throws.InstanceOf<OperationCanceledException>());

        file.ChunkDelay = TimeSpan.Zero;
        ProvisioningEntry entry = (await provisioner.EnsureAsync(["m"])).Models.Single();
        Assert.That(entry.Action, Is.AnyOf(ProvisioningAction.Downloaded, ProvisioningAction.Resumed), entry.Error);
        Assert.That(File.ReadAllBytes(entry.Path!), Is.EqualTo(file.Content));
    }

    [Test]
    public async Task EnsureAsync_Roles_ResolveThroughAliasesToTheirModels()
    {
        _server.Add(Repo, FileName, Bytes(100));
        _server.Add("acme/Big-GGUF", "big.gguf", Bytes(200));
        ModelRegistry registry = Registry(
            Model("benny-route-s", Source),
            Model("benny-tool-m", "hf://acme/Big-GGUF/big.gguf"),
            Alias("general", "benny-tool-m"),
            Alias("coding", "benny-tool-m"),
            Alias("router", "benny-route-s"));
        using ModelProvisioner provisioner = CreateProvisioner(registry);

        ProvisioningReport report = await provisioner.EnsureAsync(["general", "coding", "router"]);

        Assert.Multiple(() =>
        {
            Assert.That(report.Models.Select(e => (e.Role, e.Model)), Is.EqualTo(new[]
            {
                ("general", "benny-tool-m"), ("coding", "benny-tool-m"), ("router", "benny-route-s"),
            }));
            Assert.That(report.Models.Select(e => e.Action), Is.EqualTo(new[]
            {
                ProvisioningAction.Downloaded, ProvisioningAction.Downloaded, ProvisioningAction.Downloaded,
            }), "the second role of one model gets the cached report");
            Assert.That(_server.BodyRequests("big.gguf"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task EnsureAsync_ModelWithoutSource_IsPresentOrFailsWithWhatToDo()
    {
        string existing = _temp.Write("local.gguf", "gguf");
        ModelRegistry registry = Registry(
            new ModelDefinition { Name = "local", Engine = "gguf", Path = existing },
            new ModelDefinition { Name = "gone", Engine = "gguf", Path = Path.Combine(_temp.Path, "gone.gguf") });
        using ModelProvisioner provisioner = CreateProvisioner(registry);

        ProvisioningReport report = await provisioner.EnsureAsync(["local", "gone"]);

        Assert.Multiple(() =>
        {
            Assert.That(report.Models[0].Action, Is.EqualTo(ProvisioningAction.Present));
            Assert.That(report.Models[1].Action, Is.EqualTo(ProvisioningAction.Failed));
            Assert.That(report.Models[1].Error, Does.Contain("no source").And.Contain("Benny:Models:gone:Source"));
        });
    }

    [Test]
    public async Task EnsureAsync_FolderSource_DownloadsEveryOpenVinoFile()
    {
        foreach (string name in ModelCatalog.OpenVinoFolderFiles)
        {
            _server.Add("OpenVINO/Tiny-int4-ov", name, Bytes(300 + name.Length)).Lfs = name.EndsWith(".bin", StringComparison.Ordinal);
        }

        ModelDefinition model = new() { Name = "ov", Engine = "openvino", Source = "hf://OpenVINO/Tiny-int4-ov" };
        using ModelProvisioner provisioner = CreateProvisioner(Registry(model));

        ProvisioningEntry entry = (await provisioner.EnsureAsync(["ov"])).Models.Single();

        Assert.Multiple(() =>
        {
            Assert.That(entry.Action, Is.EqualTo(ProvisioningAction.Downloaded), entry.Error);
            Assert.That(Directory.GetFiles(entry.Path!).Select(Path.GetFileName), Is.EquivalentTo(ModelCatalog.OpenVinoFolderFiles));
            Assert.That(provisioner.FindArtifact(model)!.Exists(), Is.True);
        });
    }

    [Test]
    public async Task ModelHost_AutoDownload_DownloadsBeforeTheEngineLoadsWithProgress()
    {
        _server.Add(Repo, FileName, Bytes(3 * 1024 * 1024));
        ModelDefinition model = new() { Name = "m", Engine = "fake", Source = Source, AutoDownload = true };
        using ModelProvisioner provisioner = CreateProvisioner(Registry(model));
        ModelCatalog.BuiltIn.Apply([model], provisioner.CacheDirectory);
        var engine = new FakeEngineProvider { ProgressSteps = [0.5f] };
        await using var host = new ModelHost(Registry(model), [engine], new ModelHostOptions(), provisioner: provisioner);
        var fractions = new ConcurrentQueue<float>();
        host.LoadProgress += (_, p) => fractions.Enqueue(p.Fraction);

        using (ModelLease lease = await host.AcquireAsync("m"))
        {
            Assert.That(File.Exists(model.Path), Is.True);
        }

        Assert.Multiple(() =>
        {
            Assert.That(engine.LoadCount, Is.EqualTo(1));
            Assert.That(fractions, Is.Ordered);
            Assert.That(fractions, Has.Some.GreaterThan(0f).And.LessThanOrEqualTo(0.5f), "the download is the first half");
            Assert.That(fractions, Has.Member(0.75f), "the engine's 0.5 maps to 0.75");
            Assert.That(fractions.Last(), Is.EqualTo(1f));
        });
    }

    [Test]
    public async Task ModelHost_AutoDownloadOff_FailsSayingHowToDownload()
    {
        _server.Add(Repo, FileName, Bytes(100));
        ModelDefinition model = new() { Name = "m", Engine = "fake", Source = Source };
        using ModelProvisioner provisioner = CreateProvisioner(Registry(model));
        ModelCatalog.BuiltIn.Apply([model], provisioner.CacheDirectory);
        var engine = new FakeEngineProvider();
        await using var host = new ModelHost(Registry(model), [engine], new ModelHostOptions(), provisioner: provisioner);

        ModelLoadException e = (await Assert.ThrowsAsync<ModelLoadException>(() => host.AcquireAsync("m")))!;

        Assert.Multiple(() =>
        {
            Assert.That(e.InnerException, Is.TypeOf<FileNotFoundException>());
            Assert.That(e.Message, Does.Contain("benny pull m").And.Contain("IModelProvisioner.EnsureAsync").And.Contain("AutoDownload"));
            Assert.That(engine.LoadCount, Is.Zero);
            Assert.That(_server.Requests, Is.Empty);
        });
    }

    [Test]
    public async Task ModelHost_AutoDownloadFailure_IsALoadErrorNamingTheRepository()
    {
        ModelDefinition model = new() { Name = "m", Engine = "fake", Source = "hf://acme/Nope/x.gguf", AutoDownload = true };
        using ModelProvisioner provisioner = CreateProvisioner(Registry(model));
        ModelCatalog.BuiltIn.Apply([model], provisioner.CacheDirectory);
        await using var host = new ModelHost(Registry(model), [new FakeEngineProvider()], new ModelHostOptions(), provisioner: provisioner);

        ModelLoadException e = (await Assert.ThrowsAsync<ModelLoadException>(() => host.AcquireAsync("m")))!;

        Assert.That(e.Message, Does.Contain("acme/Nope").And.Contain("404"));
    }

    private ModelProvisioner CreateProvisioner(ModelRegistry registry, string? token = null)
        => new(registry, new ProvisioningOptions
        {
            CacheDirectory = Path.Combine(_temp.Path, "cache"),
            Endpoint = _server.Endpoint.AbsoluteUri,
            Token = token,
            RetryDelay = TimeSpan.FromMilliseconds(10),
            MaxRetries = 3,
        });

    private static ModelDefinition Model(string name, string source) => new() { Name = name, Engine = "gguf", Source = source, Path = null };

    private static ModelDefinition Alias(string name, string target) => new() { Name = name, AliasOf = target };

    private ModelRegistry Registry(params ModelDefinition[] definitions)
    {
        // As AddBenny does: entries with a source and no path live in the cache.
        ModelDefinition[] copies = [.. definitions.Select(d => d with { })];
        ModelCatalog.BuiltIn.Apply(copies, Path.Combine(_temp.Path, "cache"));
        return ModelRegistry.Create(copies);
    }

    private static byte[] Bytes(int length, int seed = 1)
    {
        byte[] bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
