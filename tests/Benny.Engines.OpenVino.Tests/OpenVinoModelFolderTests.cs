using Benny.Engines.OpenVino.Tests.Support;

namespace Benny.Engines.OpenVino.Tests;

public class OpenVinoModelFolderTests
{
    private TempDirectory _temp = null!;

    [SetUp]
    public void SetUp() => _temp = new TempDirectory();

    [TearDown]
    public void TearDown() => _temp.Dispose();

    [Test]
    public void Validate_CompleteFolder_ReturnsTheFolderWithoutConversionFile()
    {
        string folder = _temp.CreateModelFolder("model");

        OpenVinoModelFolder result = OpenVinoModelFolder.Validate(folder + Path.DirectorySeparatorChar);

        Assert.That(result, Is.EqualTo(new OpenVinoModelFolder(folder, null, null, null, null)));
    }

    [Test]
    public void Validate_MissingFolder_ThrowsNamingTheFolderAndTheConversionCommand()
    {
        string folder = Path.Combine(_temp.Path, "nowhere");

        Assert.That(() => OpenVinoModelFolder.Validate(folder), Throws.TypeOf<DirectoryNotFoundException>()
            .With.Message.Contains(folder)
            .And.Message.Contains("optimum-cli export openvino")
            .And.Message.Contains("--task text-generation-with-past"));
    }

    [TestCaseSource(typeof(OpenVinoModelFolder), nameof(OpenVinoModelFolder.RequiredFiles))]
    public void Validate_MissingFile_ThrowsNamingTheFileAndWhatToDo(string missing)
    {
        string folder = _temp.CreateModelFolder("model", missing);

        FileNotFoundException error = Assert.Throws<FileNotFoundException>(() => OpenVinoModelFolder.Validate(folder))!;

        Assert.That(error.Message, Does.Contain(folder).And.Contain(missing + " is missing").And.Contain("optimum-cli export openvino"));
        Assert.That(error.FileName, Is.EqualTo(Path.Combine(folder, missing)));
    }

    [Test]
    public void Validate_SeveralMissingFiles_ListsEveryOne()
    {
        string folder = _temp.CreateModelFolder("model", "openvino_tokenizer.xml", "openvino_detokenizer.bin");

        Assert.That(() => OpenVinoModelFolder.Validate(folder), Throws.TypeOf<FileNotFoundException>()
            .With.Message.Contains("openvino_tokenizer.xml, openvino_detokenizer.bin are missing")
            .And.Message.Contains("openvino-tokenizers"));
    }

    [Test]
    public void Validate_ConversionJson_IsReadAndExtraFieldsIgnored()
    {
        string folder = _temp.CreateModelFolder("benny-route-s/task-text-generation-with-past__wf-int4");
        File.WriteAllText(Path.Combine(folder, "conversion.json"), """
            { "model_id": "Qwen/Qwen2.5-1.5B-Instruct", "task": "text-generation-with-past", "weight_format": "int8",
              "optimum_version": "1.27", "ratio": 0.8, "extra": { "nested": [1, 2] } }
            """);

        OpenVinoModelFolder result = OpenVinoModelFolder.Validate(folder);

        Assert.That((result.SourceModel, result.Task, result.WeightFormat, result.ConversionFile),
            Is.EqualTo(("Qwen/Qwen2.5-1.5B-Instruct", "text-generation-with-past", "int8", Path.Combine(folder, "conversion.json"))),
            "conversion.json's weight format wins over the folder name");
    }

    [Test]
    public void Validate_ConversionJsonWithoutWeightFormat_InfersItFromTheFolderName()
    {
        string folder = _temp.CreateModelFolder("benny-route-s/task-text-generation-with-past__wf-int4");
        File.WriteAllText(Path.Combine(folder, "conversion.json"), """{ "source_model": "Qwen/Qwen2.5-1.5B-Instruct" }""");

        OpenVinoModelFolder result = OpenVinoModelFolder.Validate(folder);

        Assert.That((result.SourceModel, result.WeightFormat), Is.EqualTo(("Qwen/Qwen2.5-1.5B-Instruct", "int4")));
    }

    [Test]
    public void Validate_MalformedConversionJson_ThrowsNamingTheFile()
    {
        string folder = _temp.CreateModelFolder("model");
        string conversion = Path.Combine(folder, "conversion.json");
        File.WriteAllText(conversion, "{ \"task\": ");

        Assert.That(() => OpenVinoModelFolder.Validate(folder), Throws.TypeOf<InvalidDataException>()
            .With.Message.Contains(conversion).And.Message.Contains("not valid JSON"));
    }

    [Test]
    public void Validate_ConversionJsonNotAnObject_ThrowsNamingTheFile()
    {
        string folder = _temp.CreateModelFolder("model");
        File.WriteAllText(Path.Combine(folder, "conversion.json"), "[1, 2]");

        Assert.That(() => OpenVinoModelFolder.Validate(folder), Throws.TypeOf<InvalidDataException>().With.Message.Contains("conversion.json"));
    }

    [Test]
    public void Validate_NoConversionJson_InfersWeightFormatFromAParentFolder()
    {
        string folder = _temp.CreateModelFolder("qwen__wf-fp16/ir");

        Assert.That(OpenVinoModelFolder.Validate(folder).WeightFormat, Is.EqualTo("fp16"));
    }

    [TestCase("/m/benny-route-s/task-text-generation-with-past__wf-int4", "int8", "/m/benny-route-s/task-text-generation-with-past__wf-int8")]
    [TestCase("/m/qwen-wf-int4", "fp16", "/m/qwen-wf-fp16")]
    [TestCase("/m/plain", "int8", null)]
    public void WithWeightFormat_FolderName_ReplacesOnlyTheFormatSegment(string folder, string format, string? expected)
        => Assert.That(OpenVinoModelFolder.WithWeightFormat(folder, format), Is.EqualTo(expected));
}
