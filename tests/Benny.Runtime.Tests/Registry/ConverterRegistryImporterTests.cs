using Benny.Runtime.Registry;
using Benny.Runtime.Tests.Support;

namespace Benny.Runtime.Tests.Registry;

[TestFixture]
public sealed class ConverterRegistryImporterTests
{
    private TempDirectory _temp = null!;

    [SetUp]
    public void SetUp() => _temp = new TempDirectory();

    [TearDown]
    public void TearDown() => _temp.Dispose();

    private string WriteRegistry(string json) => _temp.Write("registry.json", json);

    private ModelDefinition ImportSingle(string json)
    {
        IReadOnlyList<ModelDefinition> definitions = ConverterRegistryImporter.Import(WriteRegistry(json));
        Assert.That(definitions, Has.Count.EqualTo(1));
        return definitions[0];
    }

    private RegistryImportException ImportFails(string json)
    {
        string path = WriteRegistry(json);
        RegistryImportException exception = Assert.Throws<RegistryImportException>(() => ConverterRegistryImporter.Import(path))!;
        Assert.That(exception.FilePath, Is.EqualTo(path));
        Assert.That(exception.Message, Does.Contain(path));
        return exception;
    }

    [Test]
    public void Import_StringEntry_ResolvesFolderAgainstRegistryFolder()
    {
        ModelDefinition definition = ImportSingle("""{ "models": { "benny-route-s": "converted/benny-route-s/" } }""");

        Assert.Multiple(() =>
        {
            Assert.That(definition.Name, Is.EqualTo("benny-route-s"));
            Assert.That(definition.Path, Is.EqualTo(Path.Combine(_temp.Path, "converted", "benny-route-s")));
            Assert.That(definition.Engine, Is.EqualTo("openvino"));
            Assert.That(definition.AliasOf, Is.Null);
        });
    }

    [Test]
    public void Import_ObjectEntry_ReadsAllFields()
    {
        ModelDefinition definition = ImportSingle("""
            { "models": { "benny-tool-m": {
                "path": "m", "weight_format": "int4", "task": "text-generation-with-past",
                "source_model": "Qwen/Qwen2.5-7B-Instruct", "engine": "gguf", "device": "GPU" } } }
            """);

        Assert.Multiple(() =>
        {
            Assert.That(definition.Name, Is.EqualTo("benny-tool-m"));
            Assert.That(definition.Path, Is.EqualTo(Path.Combine(_temp.Path, "m")));
            Assert.That(definition.WeightFormat, Is.EqualTo("int4"));
            Assert.That(definition.Engine, Is.EqualTo("gguf"));
            Assert.That(definition.Device, Is.EqualTo("GPU"));
            Assert.That(definition.Metadata["task"], Is.EqualTo("text-generation-with-past"));
            Assert.That(definition.Metadata["source_model"], Is.EqualTo("Qwen/Qwen2.5-7B-Instruct"));
        });
    }

    [Test]
    public void Import_AnyEntry_RecordsImporterAndFileInMetadata()
    {
        string path = WriteRegistry("""{ "models": { "a": "x" } }""");

        ModelDefinition definition = ConverterRegistryImporter.Import(path)[0];

        Assert.Multiple(() =>
        {
            Assert.That(definition.Metadata["importer"], Is.EqualTo("converter-registry"));
            Assert.That(definition.Metadata["import_file"], Is.EqualTo(path));
        });
    }

    [Test]
    public void Import_ObjectWithoutEngine_DefaultsToOpenVino()
    {
        Assert.That(ImportSingle("""{ "models": { "a": { "path": "x" } } }""").Engine, Is.EqualTo(ConverterRegistryImporter.DefaultEngine));
    }

    [TestCase("output_dir")]
    [TestCase("ir_path")]
    [TestCase("folder")]
    [TestCase("dir")]
    public void Import_FolderAlias_IsAccepted(string field)
    {
        ModelDefinition definition = ImportSingle($$"""{ "models": { "a": { "{{field}}": "x" } } }""");

        Assert.That(definition.Path, Is.EqualTo(Path.Combine(_temp.Path, "x")));
    }

    [TestCase("path", "output_dir")]
    [TestCase("output_dir", "ir_path")]
    [TestCase("ir_path", "folder")]
    [TestCase("folder", "dir")]
    public void Import_TwoFolderFields_HigherPrecedenceWins(string winner, string loser)
    {
        ModelDefinition definition = ImportSingle($$"""{ "models": { "a": { "{{loser}}": "lose", "{{winner}}": "win" } } }""");

        Assert.That(definition.Path, Is.EqualTo(Path.Combine(_temp.Path, "win")));
    }

    [Test]
    public void Import_NullFolderField_FallsBackToNextAlias()
    {
        ModelDefinition definition = ImportSingle("""{ "models": { "a": { "path": null, "dir": "x" } } }""");

        Assert.That(definition.Path, Is.EqualTo(Path.Combine(_temp.Path, "x")));
    }

    [TestCase("model_id")]
    [TestCase("hf_model_id")]
    public void Import_SourceModelAlias_IsAccepted(string field)
    {
        ModelDefinition definition = ImportSingle($$"""{ "models": { "a": { "path": "x", "{{field}}": "org/model" } } }""");

        Assert.That(definition.Metadata["source_model"], Is.EqualTo("org/model"));
    }

    [Test]
    public void Import_SourceModelAndModelId_SourceModelWins()
    {
        ModelDefinition definition = ImportSingle("""{ "models": { "a": { "path": "x", "model_id": "lose", "source_model": "win" } } }""");

        Assert.That(definition.Metadata["source_model"], Is.EqualTo("win"));
    }

    [Test]
    public void Import_AbsoluteFolder_KeptAsFullPath()
    {
        string folder = Path.Combine(_temp.Path, "elsewhere", "model");
        string json = $$"""{ "models": { "a": {{System.Text.Json.JsonSerializer.Serialize(folder)}} } }""";

        Assert.That(ImportSingle(json).Path, Is.EqualTo(folder));
    }

    [Test]
    public void Import_TildeFolder_ResolvesAgainstHome()
    {
        string expected = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "models", "x");

        Assert.That(ImportSingle("""{ "models": { "a": "~/models/x" } }""").Path, Is.EqualTo(expected));
    }

    [Test]
    public void Import_MissingFolder_IsNotAnErrorAndRecordedInMetadata()
    {
        ModelDefinition definition = ImportSingle("""{ "models": { "a": "not-there" } }""");

        Assert.That(definition.Metadata["folder_exists"], Is.EqualTo("false"));
    }

    [Test]
    public void Import_ExistingFolder_RecordsFolderExists()
    {
        _temp.CreateFolder("there");

        Assert.That(ImportSingle("""{ "models": { "a": "there" } }""").Metadata["folder_exists"], Is.EqualTo("true"));
    }

    [Test]
    public void Import_ConversionJson_FillsMissingFields()
    {
        _temp.Write("m/conversion.json", """{ "model_id": "Qwen/Qwen2.5-1.5B-Instruct", "task": "text-generation-with-past", "weight_format": "int8", "other": [1, 2] }""");

        ModelDefinition definition = ImportSingle("""{ "models": { "a": "m" } }""");

        Assert.Multiple(() =>
        {
            Assert.That(definition.WeightFormat, Is.EqualTo("int8"));
            Assert.That(definition.Metadata["task"], Is.EqualTo("text-generation-with-past"));
            Assert.That(definition.Metadata["source_model"], Is.EqualTo("Qwen/Qwen2.5-1.5B-Instruct"));
        });
    }

    [Test]
    public void Import_ConversionJsonAndEntryDisagree_EntryWins()
    {
        _temp.Write("m/conversion.json", """{ "source_model": "conv/model", "task": "conv-task", "weight_format": "int8" }""");

        ModelDefinition definition = ImportSingle("""
            { "models": { "a": { "path": "m", "source_model": "entry/model", "task": "entry-task", "weight_format": "int4" } } }
            """);

        Assert.Multiple(() =>
        {
            Assert.That(definition.WeightFormat, Is.EqualTo("int4"));
            Assert.That(definition.Metadata["task"], Is.EqualTo("entry-task"));
            Assert.That(definition.Metadata["source_model"], Is.EqualTo("entry/model"));
        });
    }

    [Test]
    public void Import_ConversionJsonSourceModelAndModelId_SourceModelWins()
    {
        _temp.Write("m/conversion.json", """{ "model_id": "lose", "source_model": "win" }""");

        Assert.That(ImportSingle("""{ "models": { "a": "m" } }""").Metadata["source_model"], Is.EqualTo("win"));
    }

    [Test]
    public void Import_MalformedConversionJson_ThrowsNamingConversionFile()
    {
        string conversion = _temp.Write("m/conversion.json", """{ "task": """);
        string registry = WriteRegistry("""{ "models": { "a": "m" } }""");

        RegistryImportException exception = Assert.Throws<RegistryImportException>(() => ConverterRegistryImporter.Import(registry))!;

        Assert.Multiple(() =>
        {
            Assert.That(exception.FilePath, Is.EqualTo(conversion));
            Assert.That(exception.Message, Does.Contain(conversion));
        });
    }

    [Test]
    public void Import_ConversionJsonWrongValueKind_ThrowsNamingConversionFileAndField()
    {
        string conversion = _temp.Write("m/conversion.json", """{ "weight_format": 8 }""");
        string registry = WriteRegistry("""{ "models": { "a": "m" } }""");

        RegistryImportException exception = Assert.Throws<RegistryImportException>(() => ConverterRegistryImporter.Import(registry))!;

        Assert.Multiple(() =>
        {
            Assert.That(exception.FilePath, Is.EqualTo(conversion));
            Assert.That(exception.JsonPath, Is.EqualTo("$.weight_format"));
        });
    }

    [Test]
    public void Import_ConversionJsonRootArray_ThrowsNamingConversionFile()
    {
        string conversion = _temp.Write("m/conversion.json", "[]");
        string registry = WriteRegistry("""{ "models": { "a": "m" } }""");

        RegistryImportException exception = Assert.Throws<RegistryImportException>(() => ConverterRegistryImporter.Import(registry))!;

        Assert.That(exception.FilePath, Is.EqualTo(conversion));
    }

    [Test]
    public void Import_EntryGivesEverything_ConversionJsonNotRead()
    {
        _temp.Write("m/conversion.json", "not json at all");

        ModelDefinition definition = ImportSingle("""
            { "models": { "a": { "path": "m", "source_model": "s", "task": "t", "weight_format": "fp16" } } }
            """);

        Assert.That(definition.WeightFormat, Is.EqualTo("fp16"));
    }

    [TestCase("benny-route-s/task-text-generation-with-past__wf-int8", "int8")]
    [TestCase("model_wf-int4", "int4")]
    [TestCase("wf-fp16", "fp16")]
    [TestCase("benny-route-s__wf-int4/variant", "int4")]
    public void Import_WeightFormatUnknown_InferredFromFolderName(string folder, string expected)
    {
        Assert.That(ImportSingle($$"""{ "models": { "a": "{{folder}}" } }""").WeightFormat, Is.EqualTo(expected));
    }

    [TestCase("plain-model")]
    [TestCase("modelwf-int8")]
    public void Import_NoWeightFormatSegment_WeightFormatNull(string folder)
    {
        Assert.That(ImportSingle($$"""{ "models": { "a": "{{folder}}" } }""").WeightFormat, Is.Null);
    }

    [Test]
    public void Import_ConversionJsonWeightFormat_WinsOverFolderName()
    {
        _temp.Write("m__wf-int8/conversion.json", """{ "weight_format": "int4" }""");

        Assert.That(ImportSingle("""{ "models": { "a": "m__wf-int8" } }""").WeightFormat, Is.EqualTo("int4"));
    }

    [Test]
    public void Import_SeveralEntries_KeepFileOrder()
    {
        IReadOnlyList<ModelDefinition> definitions = ConverterRegistryImporter.Import(
            WriteRegistry("""{ "models": { "c": "c", "a": "a", "b": { "dir": "b" } } }"""));

        Assert.That(definitions.Select(d => d.Name), Is.EqualTo(new[] { "c", "a", "b" }));
    }

    [Test]
    public void Import_EmptyModels_ReturnsEmptyList()
    {
        Assert.That(ConverterRegistryImporter.Import(WriteRegistry("""{ "models": {} }""")), Is.Empty);
    }

    [Test]
    public void Import_UnknownFields_AreIgnored()
    {
        ModelDefinition definition = ImportSingle("""
            { "version": 3, "generated_by": { "tool": "converter" },
              "models": { "a": { "path": "x", "size_bytes": 123, "tags": ["x"], "nested": { "k": null } } } }
            """);

        Assert.That(definition.Path, Is.EqualTo(Path.Combine(_temp.Path, "x")));
    }

    [Test]
    public void Import_FieldNamesInOtherCase_AreAccepted()
    {
        ModelDefinition definition = ImportSingle("""{ "Models": { "a": { "Path": "x", "Weight_Format": "int8", "Device": "NPU" } } }""");

        Assert.Multiple(() =>
        {
            Assert.That(definition.WeightFormat, Is.EqualTo("int8"));
            Assert.That(definition.Device, Is.EqualTo("NPU"));
        });
    }

    [Test]
    public void Import_CommentsAndTrailingCommas_AreAccepted()
    {
        ModelDefinition definition = ImportSingle("""
            {
              // converted on the mini PC
              "models": { "a": "x", },
            }
            """);

        Assert.That(definition.Name, Is.EqualTo("a"));
    }

    [Test]
    public void Import_FileWithUtf8Bom_IsAccepted()
    {
        string path = Path.Combine(_temp.Path, "registry.json");
        File.WriteAllText(path, """{ "models": { "a": "x" } }""", new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        Assert.That(ConverterRegistryImporter.Import(path), Has.Count.EqualTo(1));
    }

    [Test]
    public void Import_RelativeRegistryPath_ResolvedToFullImportFile()
    {
        string path = WriteRegistry("""{ "models": { "a": "x" } }""");
        string relative = Path.GetRelativePath(Environment.CurrentDirectory, path);

        Assert.That(ConverterRegistryImporter.Import(relative)[0].Metadata["import_file"], Is.EqualTo(path));
    }

    [Test]
    public void Import_NullPath_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => ConverterRegistryImporter.Import(null!));
    }

    [TestCase("")]
    [TestCase("   ")]
    public void Import_BlankPath_ThrowsArgumentException(string path)
    {
        Assert.Throws<ArgumentException>(() => ConverterRegistryImporter.Import(path));
    }

    [Test]
    public void Import_MissingFile_ThrowsFileNotFoundNamingPathAndKind()
    {
        string path = Path.Combine(_temp.Path, "nope", "registry.json");

        FileNotFoundException exception = Assert.Throws<FileNotFoundException>(() => ConverterRegistryImporter.Import(path))!;

        Assert.Multiple(() =>
        {
            Assert.That(exception.FileName, Is.EqualTo(path));
            Assert.That(exception.Message, Does.Contain(path).And.Contain("converter registry"));
        });
    }

    [Test]
    public void Import_MalformedJson_ThrowsWithLineAndPosition()
    {
        RegistryImportException exception = ImportFails("{\n  \"models\": {\n    \"a\": x\n  }\n}");

        Assert.Multiple(() =>
        {
            Assert.That(exception.Message, Does.Contain("line 3"));
            Assert.That(exception.Message, Does.Contain("position"));
            Assert.That(exception.InnerException, Is.InstanceOf<System.Text.Json.JsonException>());
        });
    }

    [Test]
    public void Import_EmptyFile_ThrowsRegistryImportException()
    {
        ImportFails("");
    }

    [Test]
    public void Import_RootIsArray_ThrowsAtRoot()
    {
        Assert.That(ImportFails("""[ { "a": "x" } ]""").JsonPath, Is.EqualTo("$"));
    }

    [Test]
    public void Import_ModelsMissing_ThrowsAtModels()
    {
        RegistryImportException exception = ImportFails("""{ "modles": { "a": "x" } }""");

        Assert.Multiple(() =>
        {
            Assert.That(exception.JsonPath, Is.EqualTo("$.models"));
            Assert.That(exception.Message, Does.Contain("$.models").And.Contain("missing"));
        });
    }

    [Test]
    public void Import_ModelsNull_ThrowsAtModels()
    {
        Assert.That(ImportFails("""{ "models": null }""").JsonPath, Is.EqualTo("$.models"));
    }

    [Test]
    public void Import_ModelsIsArray_ThrowsAtModels()
    {
        RegistryImportException exception = ImportFails("""{ "models": [ { "name": "a", "path": "x" } ] }""");

        Assert.Multiple(() =>
        {
            Assert.That(exception.JsonPath, Is.EqualTo("$.models"));
            Assert.That(exception.Message, Does.Contain("an array"));
        });
    }

    [TestCase("42")]
    [TestCase("[\"x\"]")]
    [TestCase("null")]
    [TestCase("true")]
    public void Import_EntryOfWrongKind_ThrowsAtEntry(string value)
    {
        Assert.That(ImportFails($$"""{ "models": { "benny-route-s": {{value}} } }""").JsonPath, Is.EqualTo("$.models.benny-route-s"));
    }

    [Test]
    public void Import_ObjectEntryWithoutFolder_ThrowsNamingAcceptedFields()
    {
        RegistryImportException exception = ImportFails("""{ "models": { "benny-route-s": { "task": "x" } } }""");

        Assert.Multiple(() =>
        {
            Assert.That(exception.JsonPath, Is.EqualTo("$.models.benny-route-s"));
            Assert.That(exception.Message, Does.Contain("path").And.Contain("output_dir"));
        });
    }

    [Test]
    public void Import_FolderNotString_ThrowsAtFolderField()
    {
        RegistryImportException exception = ImportFails("""{ "models": { "benny-route-s": { "path": 5 } } }""");

        Assert.Multiple(() =>
        {
            Assert.That(exception.JsonPath, Is.EqualTo("$.models.benny-route-s.path"));
            Assert.That(exception.Message, Does.Contain("$.models.benny-route-s.path").And.Contain("a number"));
        });
    }

    [Test]
    public void Import_EmptyFolderField_ThrowsAtFolderField()
    {
        Assert.That(ImportFails("""{ "models": { "a": { "dir": " " } } }""").JsonPath, Is.EqualTo("$.models.a.dir"));
    }

    [Test]
    public void Import_EmptyStringEntry_ThrowsAtEntry()
    {
        Assert.That(ImportFails("""{ "models": { "a": "" } }""").JsonPath, Is.EqualTo("$.models.a"));
    }

    [TestCase("weight_format")]
    [TestCase("task")]
    [TestCase("source_model")]
    [TestCase("engine")]
    [TestCase("device")]
    public void Import_OptionalFieldNotString_ThrowsAtField(string field)
    {
        Assert.That(ImportFails($$"""{ "models": { "a": { "path": "x", "{{field}}": { } } } }""").JsonPath, Is.EqualTo("$.models.a." + field));
    }

    [Test]
    public void Import_EmptyModelName_ThrowsAtEntry()
    {
        Assert.That(ImportFails("""{ "models": { "": "x" } }""").JsonPath, Is.EqualTo("$.models['']"));
    }

    [Test]
    public void Import_SameNameTwiceInOtherCase_ThrowsNamingBoth()
    {
        RegistryImportException exception = ImportFails("""{ "models": { "benny-route-s": "a", "BENNY-ROUTE-S": "b" } }""");

        Assert.Multiple(() =>
        {
            Assert.That(exception.JsonPath, Is.EqualTo("$.models.BENNY-ROUTE-S"));
            Assert.That(exception.Message, Does.Contain("$.models.benny-route-s"));
        });
    }
}
