using Benny.Tests.Support;
using System.Collections.Concurrent;
using Benny.Engines.OpenVino.Native;
using Benny.Engines.OpenVino.Tests.Support;
using Microsoft.Extensions.Logging;
using Moq;

namespace Benny.Engines.OpenVino.Tests;

/// <summary>Loading: folder validation first, then the device and weight-format fallback policy.</summary>
public class OpenVinoChatClientLoadTests
{
    private TempDirectory _temp = null!;
    private ConcurrentQueue<(string Folder, string Device, IReadOnlyList<KeyValuePair<string, string>> Properties)> _calls = null!;
    private Mock<IGenAiPipeline> _pipeline = null!;

    [SetUp]
    public void SetUp()
    {
        _temp = new TempDirectory();
        _calls = new();
        _pipeline = new Mock<IGenAiPipeline>();
    }

    [TearDown]
    public void TearDown() => _temp.Dispose();

    [Test]
    public async Task LoadAsync_GpuInt4Fails_LogsWarningThenTriesInt8OnGpuThenCpu()
    {
        string int4 = _temp.CreateModelFolder("benny-route-s/task-text-generation-with-past__wf-int4");
        string int8 = _temp.CreateModelFolder("benny-route-s/task-text-generation-with-past__wf-int8");
        Mock<IGenAiRuntime> runtime = FakeRuntime.Create(
            (folder, device) => device == "GPU" ? throw FakeRuntime.Failure($"kernel compile failed for {Path.GetFileName(folder)}") : _pipeline.Object,
            _calls);
        using var logs = new CollectingLoggerProvider();
        using ILoggerFactory loggerFactory = logs.CreateFactory();

        using OpenVinoChatClient client = await OpenVinoChatClient.LoadAsync(
            int4, new OpenVinoEngineOptions { Device = "GPU", FallbackDevices = ["CPU"], CacheDirectory = _temp.Path }, runtime.Object, loggerFactory);

        Assert.That(_calls.Select(c => (c.Folder, c.Device)), Is.EqualTo(new[] { (int4, "GPU"), (int8, "GPU"), (int4, "CPU") }));
        CollectingLoggerProvider.LogEntry[] warnings = [.. logs.Entries.Where(e => e.Level == LogLevel.Warning)];
        Assert.That(warnings, Has.Length.EqualTo(2));
        Assert.That(warnings[0].Message, Does.Contain("GPU").And.Contain(int4).And.Contain("kernel compile failed"));
        Assert.That(warnings[1].Message, Does.Contain("GPU").And.Contain(int8));
        Assert.That((client.Info.Device, client.Info.Folder, client.Info.WeightFormat), Is.EqualTo(("CPU", int4, "int4")));
        Assert.That(client.Info.FailedAttempts.Select(a => (a.Folder, a.Device)), Is.EqualTo(new[] { (int4, "GPU"), (int8, "GPU") }));
        Assert.That(client.Info.FailedAttempts[0].Error, Does.Contain("kernel compile failed"));
    }

    [Test]
    public async Task LoadAsync_Int8SiblingCompiles_UsesTheSiblingFolder()
    {
        string int4 = _temp.CreateModelFolder("m/x__wf-int4");
        string int8 = _temp.CreateModelFolder("m/x__wf-int8");
        Mock<IGenAiRuntime> runtime = FakeRuntime.Create((folder, _) => folder == int4 ? throw FakeRuntime.Failure("int4 kernels") : _pipeline.Object, _calls);

        using OpenVinoChatClient client = await OpenVinoChatClient.LoadAsync(int4, new OpenVinoEngineOptions { Device = "GPU", CacheDirectory = _temp.Path }, runtime.Object);

        Assert.That((client.Info.Folder, client.Info.RequestedFolder, client.Info.Device, client.Info.WeightFormat), Is.EqualTo((int8, int4, "GPU", "int8")));
    }

    [Test]
    public async Task LoadAsync_WeightFormatFallbackOff_GoesStraightToTheFallbackDevice()
    {
        string int4 = _temp.CreateModelFolder("m/x__wf-int4");
        _temp.CreateModelFolder("m/x__wf-int8");
        Mock<IGenAiRuntime> runtime = FakeRuntime.Create((_, device) => device == "GPU" ? throw FakeRuntime.Failure("no") : _pipeline.Object, _calls);

        using OpenVinoChatClient client = await OpenVinoChatClient.LoadAsync(
            int4, new OpenVinoEngineOptions { Device = "GPU", FallbackDevices = ["CPU"], FallbackToOtherWeightFormats = false, CacheDirectory = _temp.Path }, runtime.Object);

        Assert.That(_calls.Select(c => (c.Folder, c.Device)), Is.EqualTo(new[] { (int4, "GPU"), (int4, "CPU") }));
    }

    [Test]
    public async Task LoadAsync_IncompleteSibling_IsNotTried()
    {
        string int4 = _temp.CreateModelFolder("m/x__wf-int4");
        _temp.CreateModelFolder("m/x__wf-int8", "openvino_model.bin");
        string fp16 = _temp.CreateModelFolder("m/x__wf-fp16");
        Mock<IGenAiRuntime> runtime = FakeRuntime.Create((folder, _) => folder == fp16 ? _pipeline.Object : throw FakeRuntime.Failure("no"), _calls);

        using OpenVinoChatClient client = await OpenVinoChatClient.LoadAsync(int4, new OpenVinoEngineOptions { Device = "GPU", CacheDirectory = _temp.Path }, runtime.Object);

        Assert.That(_calls.Select(c => c.Folder), Is.EqualTo(new[] { int4, fp16 }));
    }

    [Test]
    public async Task LoadAsync_EveryAttemptFails_ThrowsListingEveryAttempt()
    {
        string int4 = _temp.CreateModelFolder("m/x__wf-int4");
        string int8 = _temp.CreateModelFolder("m/x__wf-int8");
        Mock<IGenAiRuntime> runtime = FakeRuntime.Create((folder, device) => throw FakeRuntime.Failure($"failed {device} {Path.GetFileName(folder)}"), _calls);

        OpenVinoException error = (await Assert.ThrowsAsync<OpenVinoException>(() => OpenVinoChatClient.LoadAsync(
            int4, new OpenVinoEngineOptions { Device = "GPU", FallbackDevices = ["CPU", "gpu"], CacheDirectory = _temp.Path }, runtime.Object)))!;

        Assert.That(_calls, Has.Count.EqualTo(4), "GPU and CPU (the duplicate 'gpu' is dropped), each with int4 then int8");
        Assert.That(error.Message, Does.Contain("4 attempt(s) failed")
            .And.Contain($"1. device GPU, folder '{int4}': failed GPU x__wf-int4")
            .And.Contain($"2. device GPU, folder '{int8}': failed GPU x__wf-int8")
            .And.Contain($"3. device CPU, folder '{int4}': failed CPU x__wf-int4")
            .And.Contain($"4. device CPU, folder '{int8}': failed CPU x__wf-int8"));
        Assert.That(error.Call, Is.EqualTo("ov_genai_llm_pipeline_create"));
        Assert.That(((AggregateException)error.InnerException!).InnerExceptions, Has.Count.EqualTo(4));
    }

    [Test]
    public async Task LoadAsync_OtherFailure_IsNotRetried()
    {
        string folder = _temp.CreateModelFolder("m");
        Mock<IGenAiRuntime> runtime = FakeRuntime.Create((_, _) => throw new InvalidOperationException("bug"), _calls);

        await Assert.ThrowsAsync<InvalidOperationException>(() => OpenVinoChatClient.LoadAsync(folder, new OpenVinoEngineOptions { FallbackDevices = ["GPU"], CacheDirectory = _temp.Path }, runtime.Object));
        Assert.That(_calls, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task LoadAsync_NoCacheDirectory_PassesThePerUserCache()
    {
        string folder = _temp.CreateModelFolder("m");
        Mock<IGenAiRuntime> runtime = FakeRuntime.Create((_, _) => _pipeline.Object, _calls);

        using OpenVinoChatClient client = await OpenVinoChatClient.LoadAsync(folder, null, runtime.Object);

        (string _, string device, IReadOnlyList<KeyValuePair<string, string>> properties) = _calls.Single();
        Assert.That(device, Is.EqualTo("CPU"));
        Assert.That(properties, Is.EqualTo(new[] { KeyValuePair.Create("CACHE_DIR", OpenVinoChatClient.DefaultCacheDirectory()) }));
        Assert.That(client.Info.CacheDirectory, Is.EqualTo(OpenVinoChatClient.DefaultCacheDirectory()));
    }

    [Test]
    public void DefaultCacheDirectory_IsUnderTheUserCache()
    {
        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        string expectedRoot = !string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");

        Assert.That(OpenVinoChatClient.DefaultCacheDirectory(), Is.EqualTo(Path.Combine(expectedRoot, "benny", "openvino")));
    }

    [Test]
    public async Task LoadAsync_CacheDirectoryOption_IsPassedAsCacheDir()
    {
        string folder = _temp.CreateModelFolder("m");
        string cache = Path.Combine(_temp.Path, "cache");
        Mock<IGenAiRuntime> runtime = FakeRuntime.Create((_, _) => _pipeline.Object, _calls);

        using OpenVinoChatClient client = await OpenVinoChatClient.LoadAsync(folder, new OpenVinoEngineOptions { CacheDirectory = cache, MaxPromptLength = 512 }, runtime.Object);

        Assert.That(_calls.Single().Properties, Is.EqualTo(new[] { KeyValuePair.Create("CACHE_DIR", cache) }), "MAX_PROMPT_LEN goes to an NPU only");
    }

    [Test]
    public async Task LoadAsync_Npu_PassesPromptAndResponseLengths()
    {
        string folder = _temp.CreateModelFolder("m");
        Mock<IGenAiRuntime> runtime = FakeRuntime.Create((_, _) => _pipeline.Object, _calls);

        using OpenVinoChatClient client = await OpenVinoChatClient.LoadAsync(
            folder, new OpenVinoEngineOptions { Device = "NPU", CacheDirectory = _temp.Path, MaxPromptLength = 2048, MinResponseLength = 256 }, runtime.Object);

        Assert.That(_calls.Single().Properties, Is.EqualTo(new[]
        {
            KeyValuePair.Create("CACHE_DIR", _temp.Path), KeyValuePair.Create("MAX_PROMPT_LEN", "2048"), KeyValuePair.Create("MIN_RESPONSE_LEN", "256"),
        }));
        Assert.That(client.Info.Device, Is.EqualTo("NPU"));
    }

    [Test]
    public void LoadAsync_IncompleteFolder_ThrowsBeforeTheRuntimeIsAsked()
    {
        string folder = _temp.CreateModelFolder("m", "openvino_detokenizer.xml");
        var runtime = new Mock<IGenAiRuntime>(MockBehavior.Strict);

        Assert.That(() => OpenVinoChatClient.LoadAsync(folder, null, runtime.Object), Throws.TypeOf<FileNotFoundException>().With.Message.Contains("openvino_detokenizer.xml"));
        runtime.VerifyNoOtherCalls();
    }

    [Test]
    public void LoadAsync_BadOptions_Throw()
    {
        string folder = _temp.CreateModelFolder("m");
        var runtime = new Mock<IGenAiRuntime>(MockBehavior.Strict);

        Assert.That(() => OpenVinoChatClient.LoadAsync(folder, new OpenVinoEngineOptions { MaxPromptLength = 0 }, runtime.Object), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => OpenVinoChatClient.LoadAsync(folder, new OpenVinoEngineOptions { Device = " " }, runtime.Object), Throws.ArgumentException);
    }

    [Test]
    public void LoadAsync_PublicEntryPointWithoutBinding_ThrowsDllNotFound()
    {
        string folder = _temp.CreateModelFolder("m");

        Assert.That(() => OpenVinoChatClient.LoadAsync(folder), Throws.TypeOf<DllNotFoundException>());
    }

    [Test]
    public async Task LoadAsync_RuntimeFactory_GetsTheNativeLibraryDirectory()
    {
        string folder = _temp.CreateModelFolder("m");
        Mock<IGenAiRuntime> runtime = FakeRuntime.Create((_, _) => _pipeline.Object, _calls);
        string? asked = "unset";

        using OpenVinoChatClient client = await OpenVinoChatClient.LoadAsync(
            folder, new OpenVinoEngineOptions { NativeLibraryDirectory = "/opt/openvino/lib", CacheDirectory = _temp.Path }, dir => { asked = dir; return runtime.Object; }, null, CancellationToken.None);

        Assert.That(asked, Is.EqualTo("/opt/openvino/lib"));
        Assert.That(client.Info.RuntimeDescription, Is.EqualTo("fake OpenVINO GenAI 2026.3"));
    }
}
