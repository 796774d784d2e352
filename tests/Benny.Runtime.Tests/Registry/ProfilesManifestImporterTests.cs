using Benny.Runtime.Presets;
using Benny.Runtime.Registry;
using Benny.Runtime.Tests.Support;

namespace Benny.Runtime.Tests.Registry;

[TestFixture]
public sealed class ProfilesManifestImporterTests
{
    private static readonly Func<string, string?> s_noEnvironment = _ => null;

    private TempDirectory _temp = null!;

    [SetUp]
    public void SetUp() => _temp = new TempDirectory();

    [TearDown]
    public void TearDown() => _temp.Dispose();

    private string WriteManifest(string json) => _temp.Write("configs/llm_models.json", json);

    private static string DefaultProfileWith(string models) => $$"""{ "profiles": { "default": { "models": {{models}} } } }""";

    private IReadOnlyList<ModelDefinition> ImportModels(string models, string? profile = null)
        => ProfilesManifestImporter.Import(WriteManifest(DefaultProfileWith(models)), profile, s_noEnvironment);

    private RegistryImportException ImportFails(string json, string? profile = null, Func<string, string?>? environment = null)
    {
        string path = WriteManifest(json);
        RegistryImportException exception = Assert.Throws<RegistryImportException>(
            () => ProfilesManifestImporter.Import(path, profile, environment ?? s_noEnvironment))!;
        Assert.That(exception.FilePath, Is.EqualTo(path));
        Assert.That(exception.Message, Does.Contain(path));
        return exception;
    }

    private RegistryImportException ModelsFail(string models) => ImportFails(DefaultProfileWith(models));

    private static ModelDefinition Single(IReadOnlyList<ModelDefinition> definitions, string name)
        => definitions.Single(d => d.Name == name);

    [TestCase("temperature", "9", "in [0, 2] (0 = greedy)")]
    [TestCase("top_p", "1.5", "in (0, 1]")]
    [TestCase("repeat_penalty", "0", "more than 0 (1 = off)")]
    [TestCase("num_predict", "0", "1 or more")]
    public void Import_ParameterOutOfSharedRange_FailsNamingPathAndRange(string key, string value, string range)
    {
        RegistryImportException exception = ModelsFail($$"""{ "r": { "name": "m", "parameters": { "{{key}}": {{value}} } } }""");

        Assert.That(exception.JsonPath, Is.EqualTo($"$.profiles.default.models.r.parameters.{key}"));
        Assert.That(exception.Message, Does.Contain($"the value {value} is out of range").And.Contain($"Write a number {range}."));
    }

    [Test]
    public void Import_StringShorthand_EmitsAliasOnly()
    {
        IReadOnlyList<ModelDefinition> definitions = ImportModels("""{ "coding": "shorthand-name" }""");

        Assert.That(definitions, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(definitions[0].Name, Is.EqualTo("coding"));
            Assert.That(definitions[0].AliasOf, Is.EqualTo("shorthand-name"));
            Assert.That(definitions[0].Engine, Is.Null);
            Assert.That(definitions[0].Parameters, Is.Null);
        });
    }

    [Test]
    public void Import_ObjectWithoutProvider_EmitsAliasOnly()
    {
        IReadOnlyList<ModelDefinition> definitions = ImportModels("""{ "general": { "name": "benny-tool-m", "parameters": { "temperature": 0.2 } } }""");

        Assert.That(definitions, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(definitions[0].AliasOf, Is.EqualTo("benny-tool-m"));
            Assert.That(definitions[0].Parameters!.Temperature, Is.EqualTo(0.2f));
        });
    }

    [Test]
    public void Import_ModelField_AcceptedInsteadOfName()
    {
        Assert.That(ImportModels("""{ "general": { "model": "m" } }""")[0].AliasOf, Is.EqualTo("m"));
    }

    [Test]
    public void Import_RoleWithProvider_EmitsTargetThenAlias()
    {
        string path = WriteManifest(DefaultProfileWith("""
            { "general": { "name": "qwen2.5:7b", "provider": "ollama", "auto_download": true, "parameters": { "top_p": 0.9, "num_predict": 512 } } }
            """));

        IReadOnlyList<ModelDefinition> definitions = ProfilesManifestImporter.Import(path, null, s_noEnvironment);

        Assert.That(definitions.Select(d => d.Name), Is.EqualTo(new[] { "qwen2.5:7b", "general" }));
        ModelDefinition target = definitions[0];
        ModelDefinition alias = definitions[1];
        Assert.Multiple(() =>
        {
            Assert.That(target.Engine, Is.EqualTo("ollama"));
            Assert.That(target.Path, Is.EqualTo("qwen2.5:7b"));
            Assert.That(target.AliasOf, Is.Null);
            Assert.That(target.Parameters, Is.Null);
            Assert.That(target.Metadata["auto_download"], Is.EqualTo("true"));
            Assert.That(target.Metadata["importer"], Is.EqualTo("profiles-manifest"));
            Assert.That(target.Metadata["import_file"], Is.EqualTo(path));
            Assert.That(target.Metadata["profile"], Is.EqualTo("default"));
            Assert.That(alias.AliasOf, Is.EqualTo("qwen2.5:7b"));
            Assert.That(alias.Parameters, Is.EqualTo(new GenerationPreset { TopP = 0.9f, MaxOutputTokens = 512 }));
            Assert.That(alias.Metadata["importer"], Is.EqualTo("profiles-manifest"));
            Assert.That(alias.Metadata["import_file"], Is.EqualTo(path));
            Assert.That(alias.Metadata["profile"], Is.EqualTo("default"));
        });
    }

    [Test]
    public void Import_ProviderWithoutAutoDownload_NoAutoDownloadMetadata()
    {
        ModelDefinition target = ImportModels("""{ "general": { "name": "m", "provider": "ollama" } }""")[0];

        Assert.That(target.Metadata.ContainsKey("auto_download"), Is.False);
    }

    [Test]
    public void Import_AllParameters_MappedToPreset()
    {
        ModelDefinition alias = ImportModels("""
            { "r": { "name": "m", "parameters": {
                "temperature": 0.7, "top_p": 0.8, "top_k": 40, "min_p": 0.05, "repeat_penalty": 1.1,
                "frequency_penalty": 0.3, "presence_penalty": 0.4, "num_predict": 256, "seed": 42, "stop": ["</s>", "User:"] } } }
            """)[0];

        Assert.That(alias.Parameters, Is.Not.Null);
        GenerationPreset preset = alias.Parameters!;
        Assert.Multiple(() =>
        {
            Assert.That(preset.Temperature, Is.EqualTo(0.7f));
            Assert.That(preset.TopP, Is.EqualTo(0.8f));
            Assert.That(preset.TopK, Is.EqualTo(40));
            Assert.That(preset.MinP, Is.EqualTo(0.05f));
            Assert.That(preset.RepetitionPenalty, Is.EqualTo(1.1f));
            Assert.That(preset.FrequencyPenalty, Is.EqualTo(0.3f));
            Assert.That(preset.PresencePenalty, Is.EqualTo(0.4f));
            Assert.That(preset.MaxOutputTokens, Is.EqualTo(256));
            Assert.That(preset.Seed, Is.EqualTo(42L));
            Assert.That(preset.StopSequences, Is.EqualTo(new[] { "</s>", "User:" }));
        });
    }

    [Test]
    public void Import_RepetitionPenaltySynonym_MappedToRepetitionPenalty()
    {
        Assert.That(ImportModels("""{ "r": { "name": "m", "parameters": { "repetition_penalty": 1.05 } } }""")[0].Parameters!.RepetitionPenalty, Is.EqualTo(1.05f));
    }

    [Test]
    public void Import_MaxTokensSynonym_MappedToMaxOutputTokens()
    {
        Assert.That(ImportModels("""{ "r": { "name": "m", "parameters": { "max_tokens": 128 } } }""")[0].Parameters!.MaxOutputTokens, Is.EqualTo(128));
    }

    [Test]
    public void Import_SynonymsWithSameValue_Accepted()
    {
        GenerationPreset preset = ImportModels("""{ "r": { "name": "m", "parameters": { "num_predict": 128, "max_tokens": 128, "repeat_penalty": 1.1, "repetition_penalty": 1.1 } } }""")[0].Parameters!;

        Assert.Multiple(() =>
        {
            Assert.That(preset.MaxOutputTokens, Is.EqualTo(128));
            Assert.That(preset.RepetitionPenalty, Is.EqualTo(1.1f));
        });
    }

    [Test]
    public void Import_SynonymsWithDifferentValues_ThrowsNamingBoth()
    {
        RegistryImportException exception = ModelsFail("""{ "r": { "name": "m", "parameters": { "num_predict": 128, "max_tokens": 256 } } }""");

        Assert.Multiple(() =>
        {
            Assert.That(exception.JsonPath, Is.EqualTo("$.profiles.default.models.r.parameters.max_tokens"));
            Assert.That(exception.Message, Does.Contain("num_predict").And.Contain("max_tokens"));
        });
    }

    [Test]
    public void Import_StopAsString_BecomesSingleStopSequence()
    {
        Assert.That(ImportModels("""{ "r": { "name": "m", "parameters": { "stop": "\n\n" } } }""")[0].Parameters!.StopSequences, Is.EqualTo(new[] { "\n\n" }));
    }

    [Test]
    public void Import_NumbersWrittenAsStrings_Accepted()
    {
        GenerationPreset preset = ImportModels("""{ "r": { "name": "m", "parameters": { "temperature": "0.5", "num_predict": "512", "seed": "7" } } }""")[0].Parameters!;

        Assert.Multiple(() =>
        {
            Assert.That(preset.Temperature, Is.EqualTo(0.5f));
            Assert.That(preset.MaxOutputTokens, Is.EqualTo(512));
            Assert.That(preset.Seed, Is.EqualTo(7L));
        });
    }

    [Test]
    public void Import_WholeNumberWithFraction_AcceptedAsInteger()
    {
        Assert.That(ImportModels("""{ "r": { "name": "m", "parameters": { "top_k": 40.0 } } }""")[0].Parameters!.TopK, Is.EqualTo(40));
    }

    [Test]
    public void Import_NullParameter_TreatedAsUnset()
    {
        Assert.That(ImportModels("""{ "r": { "name": "m", "parameters": { "temperature": null } } }""")[0].Parameters, Is.Null);
    }

    [Test]
    public void Import_UnknownParameters_KeptOutOfPresetAndRecordedInMetadata()
    {
        ModelDefinition alias = ImportModels("""{ "r": { "name": "m", "parameters": { "num_ctx": 8192, "mirostat": "2", "temperature": 0.1, "tfs": { "a": 1 } } } }""")[0];

        Assert.Multiple(() =>
        {
            Assert.That(alias.Parameters, Is.EqualTo(new GenerationPreset { Temperature = 0.1f }));
            Assert.That(alias.Metadata["parameters.num_ctx"], Is.EqualTo("8192"));
            Assert.That(alias.Metadata["parameters.mirostat"], Is.EqualTo("2"));
            Assert.That(alias.Metadata["parameters.tfs"], Is.EqualTo("""{ "a": 1 }"""));
        });
    }

    [Test]
    public void Import_OnlyUnknownParameters_ParametersNull()
    {
        Assert.That(ImportModels("""{ "r": { "name": "m", "parameters": { "num_ctx": 8192 } } }""")[0].Parameters, Is.Null);
    }

    [Test]
    public void Import_TwoRolesSameModelAndProvider_EmitsTargetOnce()
    {
        IReadOnlyList<ModelDefinition> definitions = ImportModels("""
            { "general": { "name": "qwen", "provider": "ollama" }, "chat": { "name": "qwen", "provider": "Ollama" }, "misc": "qwen" }
            """);

        Assert.Multiple(() =>
        {
            Assert.That(definitions.Select(d => d.Name), Is.EqualTo(new[] { "qwen", "general", "chat", "misc" }));
            Assert.That(definitions.Skip(1).Select(d => d.AliasOf), Is.All.EqualTo("qwen"));
        });
    }

    [Test]
    public void Import_TwoRolesSameModel_AutoDownloadTrueWhenAnyRoleAsks()
    {
        IReadOnlyList<ModelDefinition> definitions = ImportModels("""
            { "a": { "name": "qwen", "provider": "ollama", "auto_download": false }, "b": { "name": "qwen", "provider": "ollama", "auto_download": true } }
            """);

        Assert.That(Single(definitions, "qwen").Metadata["auto_download"], Is.EqualTo("true"));
    }

    [Test]
    public void Import_TwoRolesSameModelDifferentProviders_ThrowsNamingBothRoles()
    {
        RegistryImportException exception = ModelsFail("""
            { "general": { "name": "qwen", "provider": "ollama" }, "coding": { "name": "qwen", "provider": "gguf" } }
            """);

        Assert.Multiple(() =>
        {
            Assert.That(exception.JsonPath, Is.EqualTo("$.profiles.default.models.coding.provider"));
            Assert.That(exception.Message, Does.Contain("'general'").And.Contain("'coding'").And.Contain("qwen"));
        });
    }

    [Test]
    public void Import_SelfAliasWithProvider_EmitsTargetWithParametersOnly()
    {
        IReadOnlyList<ModelDefinition> definitions = ImportModels("""
            { "benny-tool-m": { "name": "benny-tool-m", "provider": "gguf", "parameters": { "temperature": 0.1, "num_ctx": 4096 } } }
            """);

        Assert.That(definitions, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(definitions[0].Name, Is.EqualTo("benny-tool-m"));
            Assert.That(definitions[0].AliasOf, Is.Null);
            Assert.That(definitions[0].Engine, Is.EqualTo("gguf"));
            Assert.That(definitions[0].Parameters, Is.EqualTo(new GenerationPreset { Temperature = 0.1f }));
            Assert.That(definitions[0].Metadata["parameters.num_ctx"], Is.EqualTo("4096"));
        });
    }

    [Test]
    public void Import_SelfAliasDifferentCase_TreatedAsSelfAlias()
    {
        IReadOnlyList<ModelDefinition> definitions = ImportModels("""{ "Qwen": { "name": "qwen", "provider": "ollama" } }""");

        Assert.That(definitions.Select(d => d.Name), Is.EqualTo(new[] { "qwen" }));
    }

    [Test]
    public void Import_SelfAliasWithoutProvider_EmitsNothing()
    {
        Assert.That(ImportModels("""{ "qwen": { "name": "qwen", "parameters": { "temperature": 0.3 } } }"""), Is.Empty);
    }

    [Test]
    public void Import_SelfAliasWithoutProviderAndTargetFromLaterRole_ParametersGoToTarget()
    {
        IReadOnlyList<ModelDefinition> definitions = ImportModels("""
            { "qwen": { "name": "qwen", "parameters": { "temperature": 0.3 } }, "general": { "name": "qwen", "provider": "ollama" } }
            """);

        Assert.Multiple(() =>
        {
            Assert.That(definitions.Select(d => d.Name), Is.EqualTo(new[] { "qwen", "general" }));
            Assert.That(Single(definitions, "qwen").Parameters!.Temperature, Is.EqualTo(0.3f));
            Assert.That(Single(definitions, "general").Parameters, Is.Null);
        });
    }

    [Test]
    public void Import_AliasNamedLikeEarlierTarget_Throws()
    {
        RegistryImportException exception = ModelsFail("""
            { "general": { "name": "qwen", "provider": "ollama" }, "qwen": "other" }
            """);

        Assert.Multiple(() =>
        {
            Assert.That(exception.JsonPath, Is.EqualTo("$.profiles.default.models.qwen"));
            Assert.That(exception.Message, Does.Contain("'general'"));
        });
    }

    [Test]
    public void Import_TargetNamedLikeEarlierAlias_Throws()
    {
        RegistryImportException exception = ModelsFail("""
            { "qwen": "other", "general": { "name": "qwen", "provider": "ollama" } }
            """);

        Assert.Multiple(() =>
        {
            Assert.That(exception.JsonPath, Is.EqualTo("$.profiles.default.models.general"));
            Assert.That(exception.Message, Does.Contain("'qwen'"));
        });
    }

    [Test]
    public void Import_DuplicateRoleInOtherCase_Throws()
    {
        Assert.That(ModelsFail("""{ "general": "a", "GENERAL": "b" }""").JsonPath, Is.EqualTo("$.profiles.default.models.GENERAL"));
    }

    [Test]
    public void Import_ProfileArgument_WinsOverEnvironment()
    {
        string path = WriteManifest("""{ "profiles": { "default": { "models": { "r": "d" } }, "gpu": { "models": { "r": "g" } }, "cpu": { "models": { "r": "c" } } } }""");

        IReadOnlyList<ModelDefinition> definitions = ProfilesManifestImporter.Import(path, "gpu", _ => "cpu");

        Assert.Multiple(() =>
        {
            Assert.That(definitions[0].AliasOf, Is.EqualTo("g"));
            Assert.That(definitions[0].Metadata["profile"], Is.EqualTo("gpu"));
        });
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("  ")]
    public void Import_NoProfileArgument_UsesEnvironmentVariable(string? profile)
    {
        string path = WriteManifest("""{ "profiles": { "default": { "models": { "r": "d" } }, "cpu": { "models": { "r": "c" } } } }""");
        string? requested = null;

        IReadOnlyList<ModelDefinition> definitions = ProfilesManifestImporter.Import(path, profile, name => { requested = name; return "cpu"; });

        Assert.Multiple(() =>
        {
            Assert.That(requested, Is.EqualTo(BennyOptions.ProfileEnvironmentVariable));
            Assert.That(definitions[0].AliasOf, Is.EqualTo("c"));
        });
    }

    [TestCase(null)]
    [TestCase("")]
    public void Import_NoArgumentAndNoEnvironment_UsesDefaultProfile(string? environmentValue)
    {
        string path = WriteManifest("""{ "profiles": { "cpu": { "models": { "r": "c" } }, "default": { "models": { "r": "d" } } } }""");

        IReadOnlyList<ModelDefinition> definitions = ProfilesManifestImporter.Import(path, null, _ => environmentValue);

        Assert.That(definitions[0].AliasOf, Is.EqualTo("d"));
    }

    [Test]
    public void Import_PublicOverloadWithProfile_ImportsThatProfile()
    {
        string path = WriteManifest("""{ "profiles": { "cpu": { "models": { "r": "c" } } } }""");

        Assert.That(ProfilesManifestImporter.Import(path, "cpu")[0].AliasOf, Is.EqualTo("c"));
    }

    [Test]
    public void Import_ProfileInOtherCase_Matches()
    {
        string path = WriteManifest("""{ "profiles": { "GPU": { "models": { "r": "g" } } } }""");

        ModelDefinition alias = ProfilesManifestImporter.Import(path, "gpu", s_noEnvironment)[0];

        Assert.That(alias.Metadata["profile"], Is.EqualTo("GPU"));
    }

    [Test]
    public void Import_UnknownProfile_ThrowsListingAvailableProfiles()
    {
        RegistryImportException exception = ImportFails(
            """{ "profiles": { "default": { "models": {} }, "gpu": { "models": {} } } }""",
            environment: _ => "laptop");

        Assert.Multiple(() =>
        {
            Assert.That(exception.JsonPath, Is.EqualTo("$.profiles.laptop"));
            Assert.That(exception.Message, Does.Contain("'laptop'").And.Contain("'default', 'gpu'").And.Contain("BENNY_PROFILE"));
        });
    }

    [Test]
    public void Import_UnknownFields_AreIgnored()
    {
        IReadOnlyList<ModelDefinition> definitions = ProfilesManifestImporter.Import(
            WriteManifest("""
                { "version": 2, "notes": ["x"],
                  "profiles": { "default": { "description": "d", "fallbacks": [1],
                    "models": { "general": { "name": "m", "provider": "ollama", "timeout": 30, "tags": { "a": 1 } } } } } }
                """),
            null,
            s_noEnvironment);

        Assert.That(definitions.Select(d => d.Name), Is.EqualTo(new[] { "m", "general" }));
    }

    [Test]
    public void Import_EmptyModels_ReturnsEmptyList()
    {
        Assert.That(ImportModels("{}"), Is.Empty);
    }

    [Test]
    public void Import_NullPath_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => ProfilesManifestImporter.Import(null!, null, s_noEnvironment));
    }

    [Test]
    public void Import_BlankPath_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => ProfilesManifestImporter.Import(" ", null, s_noEnvironment));
    }

    [Test]
    public void Import_NullEnvironmentReader_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => ProfilesManifestImporter.Import("x.json", null, null!));
    }

    [Test]
    public void Import_MissingFile_ThrowsFileNotFoundNamingPathAndKind()
    {
        string path = Path.Combine(_temp.Path, "configs", "missing.json");

        FileNotFoundException exception = Assert.Throws<FileNotFoundException>(() => ProfilesManifestImporter.Import(path, null, s_noEnvironment))!;

        Assert.That(exception.Message, Does.Contain(path).And.Contain("profiles manifest"));
    }

    [Test]
    public void Import_MalformedJson_ThrowsWithLineAndPosition()
    {
        RegistryImportException exception = ImportFails("{\n \"profiles\": {\n  \"default\": { \"models\": { \"a\": } }\n }\n}");

        Assert.That(exception.Message, Does.Contain("line 3").And.Contain("position"));
    }

    [Test]
    public void Import_ProfilesMissing_ThrowsAtProfiles()
    {
        Assert.That(ImportFails("""{ "models": {} }""").JsonPath, Is.EqualTo("$.profiles"));
    }

    [Test]
    public void Import_ProfilesIsArray_ThrowsAtProfiles()
    {
        RegistryImportException exception = ImportFails("""{ "profiles": [] }""");

        Assert.Multiple(() =>
        {
            Assert.That(exception.JsonPath, Is.EqualTo("$.profiles"));
            Assert.That(exception.Message, Does.Contain("an array"));
        });
    }

    [Test]
    public void Import_ProfileIsString_ThrowsAtProfile()
    {
        Assert.That(ImportFails("""{ "profiles": { "default": "gpu" } }""").JsonPath, Is.EqualTo("$.profiles.default"));
    }

    [Test]
    public void Import_ModelsMissing_ThrowsAtModels()
    {
        Assert.That(ImportFails("""{ "profiles": { "default": { "roles": {} } } }""").JsonPath, Is.EqualTo("$.profiles.default.models"));
    }

    [Test]
    public void Import_ModelsIsArray_ThrowsAtModels()
    {
        Assert.That(ImportFails("""{ "profiles": { "default": { "models": ["a"] } } }""").JsonPath, Is.EqualTo("$.profiles.default.models"));
    }

    [TestCase("42")]
    [TestCase("[\"m\"]")]
    [TestCase("null")]
    [TestCase("\"\"")]
    public void Import_RoleOfWrongKindOrEmpty_ThrowsAtRole(string value)
    {
        Assert.That(ModelsFail($$"""{ "general": {{value}} }""").JsonPath, Is.EqualTo("$.profiles.default.models.general"));
    }

    [Test]
    public void Import_EmptyRoleName_ThrowsAtRole()
    {
        Assert.That(ModelsFail("""{ "": "m" }""").JsonPath, Is.EqualTo("$.profiles.default.models['']"));
    }

    [Test]
    public void Import_RoleWithoutName_ThrowsAtName()
    {
        RegistryImportException exception = ModelsFail("""{ "general": { "provider": "ollama" } }""");

        Assert.Multiple(() =>
        {
            Assert.That(exception.JsonPath, Is.EqualTo("$.profiles.default.models.general.name"));
            Assert.That(exception.Message, Does.Contain("'general'"));
        });
    }

    [TestCase("name", "5")]
    [TestCase("provider", "[\"ollama\"]")]
    public void Import_StringFieldOfWrongKind_ThrowsAtField(string field, string value)
    {
        string models = field == "name"
            ? $$"""{ "general": { "name": {{value}} } }"""
            : $$"""{ "general": { "name": "m", "{{field}}": {{value}} } }""";

        Assert.That(ModelsFail(models).JsonPath, Is.EqualTo("$.profiles.default.models.general." + field));
    }

    [Test]
    public void Import_AutoDownloadNotBoolean_ThrowsAtField()
    {
        Assert.That(
            ModelsFail("""{ "general": { "name": "m", "provider": "ollama", "auto_download": "maybe" } }""").JsonPath,
            Is.EqualTo("$.profiles.default.models.general.auto_download"));
    }

    [Test]
    public void Import_AutoDownloadAsString_Accepted()
    {
        Assert.That(ImportModels("""{ "g": { "name": "m", "provider": "ollama", "auto_download": "false" } }""")[0].Metadata["auto_download"], Is.EqualTo("false"));
    }

    [Test]
    public void Import_ParametersIsArray_ThrowsAtParameters()
    {
        Assert.That(ModelsFail("""{ "general": { "name": "m", "parameters": [] } }""").JsonPath, Is.EqualTo("$.profiles.default.models.general.parameters"));
    }

    [TestCase("num_predict", "\"lots\"")]
    [TestCase("num_predict", "1.5")]
    [TestCase("num_predict", "99999999999")]
    [TestCase("max_tokens", "true")]
    [TestCase("top_k", "\"forty\"")]
    [TestCase("temperature", "\"hot\"")]
    [TestCase("temperature", "[0.1]")]
    [TestCase("top_p", "1e300")]
    [TestCase("seed", "\"x\"")]
    [TestCase("stop", "5")]
    [TestCase("repeat_penalty", "{}")]
    public void Import_ParameterOfWrongKind_ThrowsAtParameter(string parameter, string value)
    {
        RegistryImportException exception = ModelsFail($$"""{ "general": { "name": "m", "parameters": { "{{parameter}}": {{value}} } } }""");

        Assert.That(exception.JsonPath, Is.EqualTo("$.profiles.default.models.general.parameters." + parameter));
    }

    [Test]
    public void Import_StopArrayWithNonString_ThrowsAtElement()
    {
        Assert.That(
            ModelsFail("""{ "general": { "name": "m", "parameters": { "stop": ["a", 1] } } }""").JsonPath,
            Is.EqualTo("$.profiles.default.models.general.parameters.stop[1]"));
    }

    [Test]
    public void Import_RoleKeyWithDots_UsesBracketPath()
    {
        Assert.That(ModelsFail("""{ "qwen2.5:7b": 1 }""").JsonPath, Is.EqualTo("$.profiles.default.models['qwen2.5:7b']"));
    }
}
