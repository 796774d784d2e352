using System.Text;
using System.Text.Json;
using Benny.Engines.OpenVino.Native;

namespace Benny.Engines.OpenVino.Tests.Native;

/// <summary>
/// The real binding (<see cref="NativeGenAiRuntime"/>, <see cref="NativeGenAiPipeline"/>, <see cref="Interop"/>)
/// against the scripted C stand-in, loaded once through <see cref="OpenVinoNativeLibrary"/>'s explicit-folder path.
/// </summary>
/// <remarks>
/// NonParallelizable: the stand-in keeps one global script (pieces, scripted failures, recorded arguments, object
/// counters), reset in <see cref="SetUp"/>; two tests at once would read each other's state. Every test ends with no
/// live native object and no double free (<see cref="TearDown"/>).
/// </remarks>
[TestFixture]
[NonParallelizable]
internal sealed unsafe class NativeGenAiStandInTests
{
    private NativeGenAiRuntime _runtime = null!;

    [SetUp]
    public void SetUp()
    {
        StandInLibrary.Reset();
        _runtime = new NativeGenAiRuntime(StandInLibrary.Folder);
    }

    [TearDown]
    public void TearDown()
    {
        Assert.Multiple(() =>
        {
            Assert.That(StandInLibrary.LiveObjects, Is.Zero, "native objects left alive");
            Assert.That(StandInLibrary.DoubleFrees, Is.Zero, "native objects freed twice");
        });
    }

    [Test]
    public void Constructor_StandInFolder_DescribesFolderAndBothLibraries()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_runtime.Diagnostics.Directory, Is.EqualTo(StandInLibrary.Folder));
            Assert.That(_runtime.Diagnostics.Files.Keys, Is.EquivalentTo(new[] { "openvino_c", "openvino_genai_c" }));
            Assert.That(_runtime.Description, Does.Contain(StandInLibrary.Folder).And.Contain("2026.3.0.0"));
        });
    }

    [Test]
    public void EnsureLoaded_OtherFolderAfterLoad_ThrowsInvalidOperation()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => OpenVinoNativeLibrary.EnsureLoaded("/elsewhere/openvino"));
        Assert.That(ex!.Message, Does.Contain(StandInLibrary.Folder).And.Contain("/elsewhere/openvino"));
    }

    [Test]
    public void CreatePipeline_NonAsciiPathAndDevice_ArriveIntact()
    {
        using IGenAiPipeline pipeline = _runtime.CreatePipeline("/models/Qwen-wörld-你好-🙂", "GPU.0-ü", []);

        Assert.Multiple(() =>
        {
            Assert.That(StandInLibrary.LastModelsPath, Is.EqualTo("/models/Qwen-wörld-你好-🙂"));
            Assert.That(StandInLibrary.LastDevice, Is.EqualTo("GPU.0-ü"));
            Assert.That(StandInLibrary.LastPropertyCount, Is.Zero);
        });
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    public void CreatePipeline_Properties_PassThroughTheVariadicCall(int count)
    {
        var properties = Enumerable.Range(1, count).Select(i => new KeyValuePair<string, string>($"KEY_{i}", $"välue-{i}")).ToArray();

        using IGenAiPipeline pipeline = _runtime.CreatePipeline("/m", "CPU", properties);

        Assert.That(StandInLibrary.LastPropertyCount, Is.EqualTo(2 * count), "property_args_size counts keys and values");
        for (int i = 0; i < count; i++)
        {
            Assert.That(StandInLibrary.LastProperty(2 * i), Is.EqualTo($"KEY_{i + 1}"));
            Assert.That(StandInLibrary.LastProperty((2 * i) + 1), Is.EqualTo($"välue-{i + 1}"));
        }
    }

    [Test]
    public void CreatePipeline_FiveProperties_ThrowsArgumentExceptionWithoutCalling()
    {
        var properties = Enumerable.Range(1, 5).Select(i => new KeyValuePair<string, string>($"K{i}", "v")).ToArray();

        var ex = Assert.Throws<ArgumentException>(() => _runtime.CreatePipeline("/m", "CPU", properties));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.Contain("variadic").And.Contain("at most 4"));
            Assert.That(StandInLibrary.LastDevice, Is.Null);
        });
    }

    [Test]
    public void CreatePipeline_RuntimeFails_ThrowsOpenVinoExceptionNamingCallStatusAndMessage()
    {
        StandInLibrary.FailNext("ov_genai_llm_pipeline_create", -17, "Exception from src/core: model xml not found ü");

        var ex = Assert.Throws<OpenVinoException>(() => _runtime.CreatePipeline("/missing", "CPU", []));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Call, Is.EqualTo("ov_genai_llm_pipeline_create"));
            Assert.That(ex.Status, Is.EqualTo(-17));
            Assert.That(ex.Message, Does.Contain("ov_genai_llm_pipeline_create").And.Contain("UNKNOW_EXCEPTION").And.Contain("model xml not found ü"));
        });
    }

    [Test]
    public void Generate_Pieces_StreamedInOrderWithUtf8Intact()
    {
        string[] pieces = ["Hello ", "wörld", " 你好", " 🙂", "!"];
        foreach (string piece in pieces)
        {
            StandInLibrary.PushPiece(piece);
        }

        var received = new List<string>();
        GenAiResult result;
        using (IGenAiPipeline pipeline = _runtime.CreatePipeline("/m", "CPU", []))
        {
            result = pipeline.Generate(Request(), piece =>
            {
                received.Add(piece);
                return GenAiStreamingStatus.Running;
            });
        }

        Assert.Multiple(() =>
        {
            Assert.That(received, Is.EqualTo(pieces));
            Assert.That(result.Text, Is.EqualTo(string.Concat(pieces)));
            Assert.That(StandInLibrary.GetStringCalls, Is.EqualTo(2), "size query, then the copy");
        });
    }

    [TestCase(GenAiStreamingStatus.Stop)]
    [TestCase(GenAiStreamingStatus.Cancel)]
    public void Generate_CallbackEndsOnSecondPiece_RuntimeStopsThere(GenAiStreamingStatus status)
    {
        foreach (string piece in new[] { "a", "b", "c", "d" })
        {
            StandInLibrary.PushPiece(piece);
        }

        int calls = 0;
        using IGenAiPipeline pipeline = _runtime.CreatePipeline("/m", "CPU", []);
        GenAiResult result = pipeline.Generate(Request(), _ => ++calls == 2 ? status : GenAiStreamingStatus.Running);

        Assert.Multiple(() =>
        {
            Assert.That(StandInLibrary.Emitted, Is.EqualTo(2));
            Assert.That(StandInLibrary.LastStreamStatus, Is.EqualTo((int)status));
            Assert.That(calls, Is.EqualTo(2));
            Assert.That(result.Text, Is.EqualTo("ab"));
        });
    }

    [Test]
    public void Generate_CallbackThrows_CancelsAndRethrowsAfterGenerate()
    {
        foreach (string piece in new[] { "a", "b", "c" })
        {
            StandInLibrary.PushPiece(piece);
        }

        using IGenAiPipeline pipeline = _runtime.CreatePipeline("/m", "CPU", []);
        var ex = Assert.Throws<InvalidTimeZoneException>(() => pipeline.Generate(Request(), _ => throw new InvalidTimeZoneException("from the callback")));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Is.EqualTo("from the callback"));
            Assert.That(StandInLibrary.Emitted, Is.EqualTo(1));
            Assert.That(StandInLibrary.LastStreamStatus, Is.EqualTo((int)GenAiStreamingStatus.Cancel));
        });
    }

    [Test]
    public void Generate_TextOver64KiB_ReadsWholeStringThroughTwoCalls()
    {
        string big = string.Concat(Enumerable.Repeat("ab€你🙂\n", 9000)); // about 150 KiB of UTF-8
        StandInLibrary.PushPiece(big);
        StandInLibrary.PushPiece("end");

        using IGenAiPipeline pipeline = _runtime.CreatePipeline("/m", "CPU", []);
        GenAiResult result = pipeline.Generate(Request(), _ => GenAiStreamingStatus.Running);

        Assert.Multiple(() =>
        {
            Assert.That(Encoding.UTF8.GetByteCount(result.Text), Is.GreaterThan(64 * 1024));
            Assert.That(result.Text, Is.EqualTo(big + "end"));
            Assert.That(StandInLibrary.GetStringCalls, Is.EqualTo(2));
        });
    }

    [Test]
    public void Generate_NoPieces_ReturnsEmptyText()
    {
        using IGenAiPipeline pipeline = _runtime.CreatePipeline("/m", "CPU", []);

        GenAiResult result = pipeline.Generate(Request(), _ => GenAiStreamingStatus.Running);

        Assert.That(result.Text, Is.Empty);
    }

    [Test]
    public void Generate_EverySetting_ReachesTheConfig()
    {
        var settings = new GenAiGenerationSettings
        {
            MaxNewTokens = 321,
            DoSample = true,
            Temperature = 0.7f,
            TopP = 0.9f,
            TopK = 40,
            MinP = 0.05f,
            RepetitionPenalty = 1.1f,
            PresencePenalty = 0.3f,
            FrequencyPenalty = 0.4f,
            Seed = 1234567890123UL,
            StopStrings = ["</s>", "Ende ü", "停"],
        };

        using IGenAiPipeline pipeline = _runtime.CreatePipeline("/m", "CPU", []);
        pipeline.Generate(Request(settings), _ => GenAiStreamingStatus.Running);

        Assert.Multiple(() =>
        {
            Assert.That(StandInLibrary.LastConfigPresent, Is.True);
            Assert.That(StandInLibrary.LastConfigValidated, Is.True);
            Assert.That(StandInLibrary.LastConfigU64("max_new_tokens"), Is.EqualTo(321));
            Assert.That(StandInLibrary.LastConfigU64("do_sample"), Is.EqualTo(1));
            Assert.That(StandInLibrary.LastConfigFloat("temperature"), Is.EqualTo(0.7f));
            Assert.That(StandInLibrary.LastConfigFloat("top_p"), Is.EqualTo(0.9f));
            Assert.That(StandInLibrary.LastConfigU64("top_k"), Is.EqualTo(40));
            Assert.That(StandInLibrary.LastConfigFloat("min_p"), Is.EqualTo(0.05f));
            Assert.That(StandInLibrary.LastConfigFloat("repetition_penalty"), Is.EqualTo(1.1f));
            Assert.That(StandInLibrary.LastConfigFloat("presence_penalty"), Is.EqualTo(0.3f));
            Assert.That(StandInLibrary.LastConfigFloat("frequency_penalty"), Is.EqualTo(0.4f));
            Assert.That(StandInLibrary.LastConfigU64("rng_seed"), Is.EqualTo(1234567890123UL));
            Assert.That(StandInLibrary.LastConfigU64("stop_strings"), Is.EqualTo(3));
            Assert.That(StandInLibrary.LastConfigStopStrings, Is.EqualTo("</s>\nEnde ü\n停"));
            Assert.That(StandInLibrary.LastConfigIsSet("include_stop_str_in_output"), Is.True);
            Assert.That(StandInLibrary.LastConfigU64("include_stop_str_in_output"), Is.Zero);
        });
    }

    [Test]
    public void Generate_DoSampleFalse_PassesFalse()
    {
        using IGenAiPipeline pipeline = _runtime.CreatePipeline("/m", "CPU", []);
        pipeline.Generate(Request(new GenAiGenerationSettings { DoSample = false }), _ => GenAiStreamingStatus.Running);

        Assert.Multiple(() =>
        {
            Assert.That(StandInLibrary.LastConfigIsSet("do_sample"), Is.True);
            Assert.That(StandInLibrary.LastConfigU64("do_sample"), Is.Zero);
        });
    }

    [Test]
    public void Generate_DefaultSettings_SetsNothingButValidates()
    {
        using IGenAiPipeline pipeline = _runtime.CreatePipeline("/m", "CPU", []);
        pipeline.Generate(Request(), _ => GenAiStreamingStatus.Running);

        string[] names = ["max_new_tokens", "do_sample", "temperature", "top_p", "top_k", "min_p", "repetition_penalty", "presence_penalty", "frequency_penalty", "rng_seed", "stop_strings", "include_stop_str_in_output"];
        Assert.Multiple(() =>
        {
            Assert.That(StandInLibrary.LastConfigValidated, Is.True);
            foreach (string name in names)
            {
                Assert.That(StandInLibrary.LastConfigIsSet(name), Is.False, name);
            }
        });
    }

    [Test]
    public void Generate_Messages_ArriveAsJsonHistoryIntact()
    {
        (string, string)[] messages =
        [
            ("system", "Be \"brief\".\nAlways."),
            ("user", "Grüße, 你好 🙂 \\ </script>"),
            ("assistant", ""),
            ("user", "again"),
        ];

        using IGenAiPipeline pipeline = _runtime.CreatePipeline("/m", "CPU", []);
        pipeline.Generate(new GenAiRequest(messages, new GenAiGenerationSettings()), _ => GenAiStreamingStatus.Running);

        using JsonDocument history = JsonDocument.Parse(StandInLibrary.LastPromptJson!);
        var received = history.RootElement.EnumerateArray()
            .Select(m => (m.GetProperty("role").GetString()!, m.GetProperty("content").GetString()!))
            .ToArray();
        Assert.That(received, Is.EqualTo(messages));
    }

    [Test]
    public void Generate_Metrics_ReadFromTheRuntime()
    {
        StandInLibrary.PushPiece("x");
        StandInLibrary.PushPiece("y");
        StandInLibrary.PushPiece("z");

        using IGenAiPipeline pipeline = _runtime.CreatePipeline("/m", "CPU", []);
        GenAiResult result = pipeline.Generate(Request(), _ => GenAiStreamingStatus.Running);

        Assert.That(result.Metrics, Is.EqualTo(new GenAiPerfMetrics(12, 3, 25.5f, 7.25f, 137.5f, 480.25f)));
    }

    [TestCase("ov_genai_decoded_results_get_perf_metrics")]
    [TestCase("ov_genai_perf_metrics_get_ttft")]
    [TestCase("ov_genai_perf_metrics_get_generate_duration")]
    public void Generate_MetricsFail_ReturnsTextWithoutMetricsAndFreesThem(string call)
    {
        StandInLibrary.PushPiece("text");
        StandInLibrary.FailNext(call, -2, "not here");

        using IGenAiPipeline pipeline = _runtime.CreatePipeline("/m", "CPU", []);
        GenAiResult result = pipeline.Generate(Request(), _ => GenAiStreamingStatus.Running);

        Assert.Multiple(() =>
        {
            Assert.That(result.Text, Is.EqualTo("text"));
            Assert.That(result.Metrics, Is.Null);
        });
    }

    [TestCase("ov_genai_chat_history_create", -5, "OV_GENAI_CHAT_HISTORY_ERROR")]
    [TestCase("ov_genai_json_container_create_from_json_string", -2, "OV_GENAI_JSON_CONTAINER_INVALID_JSON")]
    [TestCase("ov_genai_chat_history_push_back", -4, "OV_GENAI_CHAT_HISTORY_INVALID_JSON")]
    [TestCase("ov_genai_generation_config_create", -1, "GENERAL_ERROR")]
    [TestCase("ov_genai_generation_config_set_temperature", -4, "PARAMETER_MISMATCH")]
    [TestCase("ov_genai_generation_config_set_stop_strings", -14, "INVALID_C_PARAM")]
    [TestCase("ov_genai_generation_config_validate", -1, "GENERAL_ERROR")]
    [TestCase("ov_genai_llm_pipeline_generate_with_history", -17, "UNKNOW_EXCEPTION")]
    [TestCase("ov_genai_decoded_results_get_string", -6, "OUT_OF_BOUNDS")]
    public void Generate_CallFails_ThrowsOpenVinoExceptionAndFreesEverything(string call, int status, string statusName)
    {
        StandInLibrary.PushPiece("piece");
        StandInLibrary.FailNext(call, status, "scripted failure");
        var settings = new GenAiGenerationSettings { Temperature = 0.5f, StopStrings = ["x"] };

        var pipeline = _runtime.CreatePipeline("/m", "CPU", []);
        var ex = Assert.Throws<OpenVinoException>(() => pipeline.Generate(Request(settings), _ => GenAiStreamingStatus.Running));
        pipeline.Dispose();

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Call, Is.EqualTo(call));
            Assert.That(ex.Status, Is.EqualTo(status));
            Assert.That(ex.Message, Does.Contain(call).And.Contain(statusName));
        });
    }

    [Test]
    public void Generate_OvStatusFailure_MessageCarriesTheRuntimeText()
    {
        StandInLibrary.FailNext("ov_genai_generation_config_validate", -1, "'temperature' must be greater than 0 when do_sample is true");

        using IGenAiPipeline pipeline = _runtime.CreatePipeline("/m", "CPU", []);
        var ex = Assert.Throws<OpenVinoException>(() => pipeline.Generate(Request(), _ => GenAiStreamingStatus.Running));

        Assert.That(ex!.Message, Does.Contain("'temperature' must be greater than 0 when do_sample is true"));
    }

    [Test]
    public void Generate_CallbackThrows_TextOfTheFaultedGenerationIsNotRead()
    {
        StandInLibrary.PushPiece("a");
        using IGenAiPipeline pipeline = _runtime.CreatePipeline("/m", "CPU", []);

        Assert.Throws<InvalidTimeZoneException>(() => pipeline.Generate(Request(), _ => throw new InvalidTimeZoneException()));
        Assert.That(StandInLibrary.GetStringCalls, Is.Zero, "the text of a faulted generation is not read");
    }

    [Test]
    public void Dispose_Twice_FreesThePipelineOnce()
    {
        IGenAiPipeline pipeline = _runtime.CreatePipeline("/m", "CPU", []);
        Assert.That(StandInLibrary.LiveObjects, Is.EqualTo(1));

        pipeline.Dispose();
        pipeline.Dispose();

        Assert.That(StandInLibrary.LiveObjects, Is.Zero);
    }

    [Test]
    public void Generate_AfterDispose_ThrowsObjectDisposed()
    {
        IGenAiPipeline pipeline = _runtime.CreatePipeline("/m", "CPU", []);
        pipeline.Dispose();

        Assert.Throws<ObjectDisposedException>(() => pipeline.Generate(Request(), _ => GenAiStreamingStatus.Running));
    }

    [Test]
    public void LlmPipelineGenerate_PlainPrompt_ArrivesIntactAndStreams()
    {
        StandInLibrary.PushPiece("ok");
        using SafeGenAiPipelineHandle pipe = Interop.CreateLlmPipeline("/m", "CPU", []);
        using SafeGenerationConfigHandle config = Interop.CreateGenerationConfig();
        var received = new List<string>();
        using var streamer = new GenAiStreamer(piece =>
        {
            received.Add(piece);
            return GenAiStreamingStatus.Running;
        });
        StreamerCallback callback = streamer.Callback;

        using SafeDecodedResultsHandle results = Interop.LlmPipelineGenerate(pipe, "Prompt: Grüße 🙂", config, &callback);

        Assert.Multiple(() =>
        {
            Assert.That(StandInLibrary.LastInputs, Is.EqualTo("Prompt: Grüße 🙂"));
            Assert.That(received, Is.EqualTo(new[] { "ok" }));
            Assert.That(Interop.DecodedResultsGetString(results), Is.EqualTo("ok"));
        });
    }

    [Test]
    public void LlmPipelineStartAndFinishChat_CallTheRuntime()
    {
        using SafeGenAiPipelineHandle pipe = Interop.CreateLlmPipeline("/m", "CPU", []);

        Interop.LlmPipelineStartChat(pipe);
        Assert.That(StandInLibrary.ChatDepth, Is.EqualTo(1));
        Interop.LlmPipelineFinishChat(pipe);
        Assert.That(StandInLibrary.ChatDepth, Is.Zero);
    }

    [Test]
    public void DecodedResultsCreate_New_HasEmptyText()
    {
        using SafeDecodedResultsHandle results = Interop.CreateDecodedResults();

        Assert.That(Interop.DecodedResultsGetString(results), Is.Empty);
    }

    private static GenAiRequest Request(GenAiGenerationSettings? settings = null)
        => new([("user", "Hi")], settings ?? new GenAiGenerationSettings());
}
