using Benny.Engines.Gguf.Format;
using Benny.Engines.Gguf.Inference;
using Benny.Engines.Gguf.Tests.Support;
using Benny.Runtime.Templates;
using Benny.Runtime.Templates.ToolCalling;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Benny.Engines.Gguf.Tests;

/// <summary>How the engine makes prompts: the model's Jinja template, overrides, the llama.cpp fallback, and request content.</summary>
public class GgufChatTemplateTests
{
    private static readonly GgufEngineOptions Cpu = new() { Backend = GgufBackend.Cpu, Threads = 1, ContextSize = 256 };
    private string _folder = "";

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("benny-templates-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task RenderPrompt_RealQwenTemplate_EqualsPythonJinjaAndDetectsHermesToolCalls()
    {
        // The Qwen2.5 template, with its tools section, on a synthetic model with the real qwen2 tokenizer.
        string template = File.ReadAllText(TestPaths.Shared("templates", "Qwen-Qwen2.5-7B-Instruct.jinja"));
        using GgufChatClient client = await GgufChatClient.LoadAsync(Build("qwen.gguf", template, qwenVocabulary: true), Cpu);

        RenderedPrompt prompt = client.RenderPrompt([new(ChatRole.User, "Hi!")], new ChatOptions { Instructions = "Be terse." });

        Assert.That(client.PromptKind, Is.EqualTo("jinja"));
        Assert.That(prompt.Text, Is.EqualTo("<|im_start|>system\nBe terse.<|im_end|>\n<|im_start|>user\nHi!<|im_end|>\n<|im_start|>assistant\n"),
            "what Python's Jinja2 renders for Qwen2.5 with this system message (Templates differential tests cover the engine itself)");
        Assert.That(ToolFormat(client), Is.EqualTo(ToolCallFormat.Hermes));
    }

    [Test]
    public async Task LoadAsync_InlineTemplateOverride_IsUsedInsteadOfTheModels()
    {
        using GgufChatClient client = await GgufChatClient.LoadAsync(Build("chatml.gguf"), new GgufEngineOptions
        {
            Backend = GgufBackend.Cpu, Threads = 1, ContextSize = 256,
            ChatTemplate = "{% for m in messages %}[{{ m.role }}] {{ m.content }}\n{% endfor %}{% if add_generation_prompt %}[assistant] {% endif %}",
        });

        Assert.That(client.RenderPrompt([new(ChatRole.User, "Hi")]).Text, Is.EqualTo("[user] Hi\n[assistant] "));
        ChatResponse response = await client.GetResponseAsync("Hi", new ChatOptions { MaxOutputTokens = 4, Temperature = 0 });
        Assert.That(response.Usage?.InputTokenCount, Is.EqualTo("[user] Hi\n[assistant] ".Length), "byte-level vocabulary: one token per byte, no BOS added");
    }

    [Test]
    public async Task LoadAsync_TemplateFileOverride_IsReadFromTheFile()
    {
        string file = Path.Combine(_folder, "template.jinja");
        File.WriteAllText(file, "{{ messages[-1].content | upper }}");

        using GgufChatClient client = await GgufChatClient.LoadAsync(Build("chatml.gguf"), new GgufEngineOptions { Backend = GgufBackend.Cpu, Threads = 1, ContextSize = 256, ChatTemplatePath = file });

        Assert.That(client.RenderPrompt([new(ChatRole.User, "shout")]).Text, Is.EqualTo("SHOUT"));
    }

    [Test]
    public void LoadAsync_MissingTemplateFileOrBothOverrides_FailsNamingTheSetting()
    {
        string model = Build("chatml.gguf");

        Assert.That(async () => await GgufChatClient.LoadAsync(model, new GgufEngineOptions { Backend = GgufBackend.Cpu, ChatTemplatePath = "/nonexistent/t.jinja" }),
            Throws.TypeOf<FileNotFoundException>().With.Message.Contains("/nonexistent/t.jinja").And.Message.Contains("ChatTemplatePath"));
        Assert.That(async () => await GgufChatClient.LoadAsync(model, new GgufEngineOptions { Backend = GgufBackend.Cpu, ChatTemplate = "x", ChatTemplatePath = "/t.jinja" }),
            Throws.TypeOf<ArgumentException>().With.Message.Contains("not both"));
    }

    [Test]
    public void LoadAsync_OverrideThatDoesNotParse_FailsWithItsPosition()
    {
        Assert.That(async () => await GgufChatClient.LoadAsync(Build("chatml.gguf"), new GgufEngineOptions { Backend = GgufBackend.Cpu, ChatTemplate = "{% if x %}open" }),
            Throws.TypeOf<TemplateParseException>());
    }

    [Test]
    public async Task LoadAsync_ModelTemplateTheRendererCannotParse_FallsBackToLlamaCppAndLogsOnce()
    {
        // ChatML markers (which llama.cpp's matcher recognises) inside a tag the Jinja engine does not support.
        string template = "{% generation %}<|im_start|>{% endgeneration %}";
        var logs = new List<string>();
        using ILoggerFactory factory = LoggerFactory.Create(b => b.AddProvider(new ListLoggerProvider(logs)).SetMinimumLevel(LogLevel.Warning));

        using GgufChatClient client = await GgufChatClient.LoadAsync(Build("odd.gguf", template), Cpu, loggerFactory: factory);

        Assert.That(client.PromptKind, Is.EqualTo("llama.cpp"));
        Assert.That(client.RenderPrompt([new(ChatRole.User, "Hi")]).Text, Is.EqualTo("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n"));
        Assert.That(logs.Count(l => l.Contains("not supported by Benny's Jinja renderer", StringComparison.Ordinal)), Is.EqualTo(1));
    }

    [Test]
    public async Task GetResponseAsync_Image_ThrowsNotSupportedBeforeQueueing()
    {
        using GgufChatClient client = await GgufChatClient.LoadAsync(Build("chatml.gguf"), Cpu);
        ChatMessage[] messages = [new(ChatRole.User, [new TextContent("What is this?"), new DataContent(new byte[] { 1 }, "image/jpeg")])];

        Assert.That(() => client.GetStreamingResponseAsync(messages), Throws.TypeOf<NotSupportedException>().With.Message.Contains("image/jpeg"),
            "thrown by the call itself, not by the first MoveNext: validation is eager");
    }

    [Test]
    public async Task GetResponseAsync_BaseModelWithInstructions_PrependsThemToThePlainPrompt()
    {
        using GgufChatClient client = await GgufChatClient.LoadAsync(TestPaths.Stories260K, Cpu);

        RenderedPrompt prompt = client.RenderPrompt([new(ChatRole.User, "Once upon a time")], new ChatOptions { Instructions = "A story." });

        Assert.That(client.PromptKind, Is.EqualTo("plain"));
        Assert.That(prompt, Is.EqualTo(new RenderedPrompt("A story.\nOnce upon a time", ParseSpecial: false, AddSpecial: true)));
    }

    private static ToolCallFormat ToolFormat(GgufChatClient client)
        => ToolCallFormatDetector.Resolve(null, client.Info.ChatTemplate);

    private string Build(string name, string? template = null, bool qwenVocabulary = false)
        => new SyntheticModelBuilder(new SyntheticModelOptions
        {
            EmbeddingLength = 32, BlockCount = 1, HeadCount = 2, KvHeadCount = 1, FeedForwardLength = 64, TieOutputToEmbedding = true,
            ChatTemplate = template,
            VocabularySourcePath = qwenVocabulary ? TestPaths.Shared("vocab", "ggml-vocab-qwen2.gguf") : null,
        }).Build(Path.Combine(_folder, name));

    private sealed class ListLoggerProvider(List<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new ListLogger(lines);

        public void Dispose()
        {
        }

        private sealed class ListLogger(List<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (lines)
                {
                    lines.Add(formatter(state, exception));
                }
            }
        }
    }
}
