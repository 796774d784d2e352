using System.Text;
using Benny.Engines.Gguf.Format;
using Benny.Engines.Gguf.Inference;
using Benny.Engines.Gguf.Native;
using Benny.Engines.Gguf.Tests.Support;
using Microsoft.Extensions.AI;

namespace Benny.Engines.Gguf.Tests;

/// <summary>Synthetic models with real tokenizers: the qwen2 vocabulary's ChatML template, and llama.cpp quantization.</summary>
public class GgufSyntheticModelTests
{
    private string _folder = "";

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("benny-synthetic-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task Qwen2Vocabulary_RendersChatMLAndStreams()
    {
        string path = new SyntheticModelBuilder(new SyntheticModelOptions
        {
            EmbeddingLength = 32, WeightType = GgmlType.F16, TieOutputToEmbedding = true,
            VocabularySourcePath = TestPaths.Shared("vocab", "ggml-vocab-qwen2.gguf"),
        }).Build(Path.Combine(_folder, "qwen2-synthetic.gguf"));
        using GgufChatClient client = await GgufChatClient.LoadAsync(path, new GgufEngineOptions { Backend = GgufBackend.Cpu, Threads = 1, ContextSize = 256 });
        ChatMessage[] chat = [new(ChatRole.System, "You are terse."), new(ChatRole.User, "Hi!")];

        RenderedPrompt rendered = client.RenderPrompt(chat);
        string prompt = rendered.Text;
        Assert.That(client.PromptKind, Is.EqualTo("jinja"), "the model's own template, rendered by the Jinja engine");
        Assert.That(rendered.ParseSpecial, Is.True);
        Assert.That(prompt, Is.EqualTo("<|im_start|>system\nYou are terse.<|im_end|>\n<|im_start|>user\nHi!<|im_end|>\n<|im_start|>assistant\n"));

        var options = new ChatOptions { Temperature = 0.7f, Seed = 7, MaxOutputTokens = 24 };
        var streamed = new StringBuilder();
        var updates = new List<ChatResponseUpdate>();
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(chat, options))
        {
            updates.Add(update);
            streamed.Append(update.Text);
        }

        ChatResponse whole = await client.GetResponseAsync(chat, options);
        Assert.That(updates.Count(u => u.Text.Length > 0), Is.GreaterThan(1), "text arrives in several updates");
        Assert.That(streamed.ToString(), Is.EqualTo(whole.Text), "same seed, same text, streaming or not");
        UsageContent usage = updates[^1].Contents.OfType<UsageContent>().Single();
        (int special, int asText, bool startsWithImStart) = CountTokens(TestPaths.Shared("vocab", "ggml-vocab-qwen2.gguf"), prompt);
        Assert.That(usage.Details.InputTokenCount, Is.EqualTo(special), "the prompt is tokenized with special tokens parsed");
        Assert.That(special, Is.LessThan(asText), "each ChatML marker is one special token, not its characters");
        Assert.That(startsWithImStart, Is.True);
        Assert.That(client.Info.VocabularySize, Is.EqualTo(151936));
    }

    private static (int Special, int AsText, bool StartsWithImStart) CountTokens(string vocabPath, string text)
    {
        LlamaNativeLibrary.EnsureLoaded(null, null);
        LlamaModelParams parameters = Interop.ModelDefaultParams();
        parameters.VocabOnly = 1;
        using SafeLlamaModelHandle vocabOnly = Interop.ModelLoadFromFile(vocabPath, parameters);
        nint vocab = Interop.ModelGetVocab(vocabOnly);
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        int[] special = Interop.Tokenize(vocab, bytes, addSpecial: true, parseSpecial: true);
        int[] asText = Interop.Tokenize(vocab, bytes, addSpecial: true, parseSpecial: false);
        return (special.Length, asText.Length, Interop.VocabTokenText(vocab, special[0]) == "<|im_start|>");
    }

    [TestCase(GgufQuantization.Q8_0, GgmlType.Q8_0)]
    [TestCase(GgufQuantization.Q4_K_M, GgmlType.Q4_K)]
    public async Task Quantize_SyntheticModel_WritesThatTypeAndStillGenerates(GgufQuantization quantization, GgmlType expected)
    {
        string source = new SyntheticModelBuilder(new SyntheticModelOptions { EmbeddingLength = 256, HeadCount = 4, KvHeadCount = 2, FeedForwardLength = 512, BlockCount = 1 })
            .Build(Path.Combine(_folder, "f32.gguf"));

        string quantized = GgufQuantizer.Quantize(source, Path.Combine(_folder, $"{quantization}.gguf"), quantization, threads: 1);

        GgufFile file = GgufFile.Read(quantized);
        Assert.That(file.Tensors.Single(t => t.Name == "blk.0.attn_q.weight").Type, Is.EqualTo(expected));
        Assert.That(new FileInfo(quantized).Length, Is.LessThan(new FileInfo(source).Length / 2));
        using GgufChatClient client = await GgufChatClient.LoadAsync(quantized, new GgufEngineOptions { Backend = GgufBackend.Cpu, Threads = 1, ContextSize = 256 });
        ChatResponse response = await client.GetResponseAsync("hello", new ChatOptions { Temperature = 0, MaxOutputTokens = 8 });
        Assert.That(response.Usage?.OutputTokenCount, Is.GreaterThan(0));
        Assert.That(client.Info.Description, Does.Contain(quantization == GgufQuantization.Q8_0 ? "Q8_0" : "Q4_K"));
        Assert.That(client.Info.Quantization, Is.EqualTo(quantization.ToString()));
    }

    [Test]
    public void Quantize_NotAGgufFile_IsAManagedError()
    {
        string bad = Path.Combine(_folder, "bad.gguf");
        File.WriteAllText(bad, "nope");

        Assert.That(() => GgufQuantizer.Quantize(bad, Path.Combine(_folder, "out.gguf"), GgufQuantization.Q8_0), Throws.TypeOf<GgufFormatException>());
        Assert.That(File.Exists(Path.Combine(_folder, "out.gguf")), Is.False);
    }
}
