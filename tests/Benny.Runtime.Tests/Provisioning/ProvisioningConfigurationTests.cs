using System.Text;
using Benny.Runtime.Provisioning;
using Benny.Runtime.Registry;
using Benny.Runtime.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Benny.Runtime.Tests.Provisioning;

public class ProvisioningConfigurationTests
{
    private static readonly string[] s_purposes = ["route", "classify", "clean", "extract", "tool", "summarize", "rewrite"];

    private readonly TempDirectory _temp = new();

    [TearDown]
    public void TearDown() => _temp.Dispose();

    [TestCase("hf://Qwen/Qwen2.5-0.5B-Instruct-GGUF/qwen2.5-0.5b-instruct-q8_0.gguf", "Qwen/Qwen2.5-0.5B-Instruct-GGUF", "main", "qwen2.5-0.5b-instruct-q8_0.gguf")]
    [TestCase("hf://acme/repo@v1.0/sub/dir/x.gguf", "acme/repo", "v1.0", "sub/dir/x.gguf")]
    [TestCase("hf://OpenVINO/Qwen2.5-1.5B-Instruct-int4-ov", "OpenVINO/Qwen2.5-1.5B-Instruct-int4-ov", "main", null)]
    public void ModelSource_Parse_ReadsRepositoryRevisionAndFile(string text, string repository, string revision, string? file)
    {
        ModelSource source = ModelSource.Parse(text);

        Assert.That((source.Repository, source.Revision, source.FilePath), Is.EqualTo((repository, revision, file)));
        Assert.That(source.ToString(), Is.EqualTo(text));
        Assert.That(source.GetResolveUri(new Uri("https://huggingface.co"), file ?? "config.json").AbsoluteUri,
            Is.EqualTo($"https://huggingface.co/{repository}/resolve/{revision}/{file ?? "config.json"}"));
    }

    [TestCase("https://huggingface.co/a/b")]
    [TestCase("hf://only-owner")]
    [TestCase("hf://a/b/../x.gguf")]
    [TestCase("hf://a/@/x.gguf")]
    public void ModelSource_Parse_RejectsMalformedSources(string text)
        => Assert.That(() => ModelSource.Parse(text), Throws.TypeOf<FormatException>().With.Message.Contains("hf://<owner>/<repo>/<file>"));

    [Test]
    public void BuiltInCatalog_CoversEveryPurposeAndSizeForBothEngines()
    {
        foreach (string purpose in s_purposes)
        {
            foreach (string size in new[] { "s", "m" })
            {
                string name = $"benny-{purpose}-{size}";
                Assert.That(ModelCatalog.BuiltIn.TryGet(name, "gguf", out ModelCatalogEntry? gguf), Is.True, name);
                Assert.That(gguf!.Source.FilePath, Does.EndWith(".gguf"));
                Assert.That(ModelCatalog.BuiltIn.TryGet(name.ToUpperInvariant(), "OpenVINO", out ModelCatalogEntry? openVino), Is.True, name);
                Assert.That(openVino!.Source.IsFolder, Is.True);
            }
        }

        Assert.That(ModelCatalog.BuiltIn.TryGet("benny-route-s", "gguf", out ModelCatalogEntry? route), Is.True);
        Assert.That(route!.Source.ToString(), Is.EqualTo("hf://Qwen/Qwen2.5-0.5B-Instruct-GGUF/qwen2.5-0.5b-instruct-q8_0.gguf"));
    }

    [Test]
    public void AddBenny_CatalogNameWithoutPath_GetsCatalogSourceAndCachePath_AndAProvisioner()
    {
        string cache = Path.Combine(_temp.Path, "cache");
        using ServiceProvider provider = Build($$"""
            {
              "Benny": {
                "Models": {
                  "benny-tool-m": { "Engine": "gguf" },
                  "mine": { "Engine": "gguf", "Source": "hf://acme/Mine-GGUF@v2/mine.gguf", "AutoDownload": true },
                  "local": { "Engine": "gguf", "Path": "/models/local.gguf" }
                },
                "Provisioning": { "CacheDirectory": "{{cache}}", "Endpoint": "http://127.0.0.1:9", "MaxRetries": 2 }
              }
            }
            """);

        ModelRegistry registry = provider.GetRequiredService<ModelRegistry>();
        ModelDefinition tool = registry.GetDefinition("benny-tool-m");
        ModelDefinition mine = registry.GetDefinition("mine");
        var provisioner = provider.GetRequiredService<IModelProvisioner>();
        BennyOptions options = provider.GetRequiredService<IOptions<BennyOptions>>().Value;
        Assert.Multiple(() =>
        {
            Assert.That(tool.Source, Is.EqualTo("hf://Qwen/Qwen2.5-3B-Instruct-GGUF/qwen2.5-3b-instruct-q4_k_m.gguf"));
            Assert.That(tool.Path, Is.EqualTo(Path.Combine(cache, "Qwen", "Qwen2.5-3B-Instruct-GGUF", "main", "qwen2.5-3b-instruct-q4_k_m.gguf")));
            Assert.That(mine.Path, Is.EqualTo(Path.Combine(cache, "acme", "Mine-GGUF", "v2", "mine.gguf")));
            Assert.That(provisioner.FindArtifact(mine)!.AutoDownload, Is.True);
            Assert.That(provisioner.FindArtifact(tool)!.AutoDownload, Is.False);
            Assert.That(provisioner.FindArtifact(registry.GetDefinition("local")), Is.Null, "an entry with its own path and no source is never downloaded");
            Assert.That(options.Provisioning.MaxRetries, Is.EqualTo(2));
        });
    }

    [Test]
    public void AddBenny_ProfileRoleWithProviderAndAutoDownload_ResolvesToCatalogArtifact()
    {
        string manifest = _temp.Write("llm_models.json", """
            { "profiles": { "default": { "models": {
                "general": { "name": "benny-tool-m", "provider": "gguf", "auto_download": true },
                "coding": "benny-tool-m"
            } } } }
            """);
        string cache = Path.Combine(_temp.Path, "cache");
        using ServiceProvider provider = Build($$"""
            { "Benny": { "Import": { "ProfilesManifests": [ "{{manifest}}" ] }, "Profile": "default",
                         "Provisioning": { "CacheDirectory": "{{cache}}" } } }
            """);

        ModelRegistry registry = provider.GetRequiredService<ModelRegistry>();
        ModelArtifact? artifact = provider.GetRequiredService<IModelProvisioner>().FindArtifact(registry.Resolve("coding").Target);

        Assert.That(artifact, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(artifact!.Source.Repository, Is.EqualTo("Qwen/Qwen2.5-3B-Instruct-GGUF"));
            Assert.That(artifact.Path, Does.StartWith(cache));
            Assert.That(artifact.AutoDownload, Is.True, "the profile's auto_download");
        });
    }

    [Test]
    public void AddBenny_NoPathAndNoCatalogEntryForTheEngine_FailsValidationMentioningSource()
    {
        using ServiceProvider provider = Build("""{ "Benny": { "Models": { "benny-route-s": { "Engine": "fake" } } } }""");

        Assert.That(() => provider.GetRequiredService<IOptions<BennyOptions>>().Value, Throws.TypeOf<OptionsValidationException>()
            .With.Message.Contains("Benny:Models:benny-route-s:Path is missing").And.Message.Contains("Source"));
    }

    [Test]
    public void AddBenny_MalformedSourceOrOptions_FailValidationNamingTheField()
    {
        using ServiceProvider provider = Build("""
            { "Benny": { "Models": { "x": { "Engine": "gguf", "Path": "/m.gguf", "Source": "huggingface:acme/x" } },
                         "Provisioning": { "MaxRetries": -1, "Endpoint": "not a url" } } }
            """);

        Assert.That(() => provider.GetRequiredService<IOptions<BennyOptions>>().Value, Throws.TypeOf<OptionsValidationException>()
            .With.Message.Contains("Benny:Models:x:Source")
            .And.Message.Contains("Benny:Provisioning:MaxRetries")
            .And.Message.Contains("Benny:Provisioning:Endpoint"));
    }

    private static ServiceProvider Build(string json)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        var services = new ServiceCollection();
        services.AddBenny(configuration.GetSection("Benny")).AddEngine(new RecordingEngineProvider()).AddEngine(new RecordingEngineProvider("gguf"));
        return services.BuildServiceProvider();
    }
}
