using System.Text.Json;
using Benny.Engines.Gguf.Inference;
using Benny.Engines.Gguf.Tests.Support;
using Microsoft.Extensions.AI;

namespace Benny.Engines.Gguf.Tests.Inference;

/// <summary>
/// A pick the grammar rejects is resampled from a ranked window of candidates instead of the whole vocabulary: the
/// answers must be exactly those of the whole-vocabulary pass, for greedy and for seeded top-k sampling. Runs alone
/// because it switches the process-wide <see cref="SamplerChain.RankedResample"/>.
/// </summary>
[NonParallelizable]
public class RankedResampleTests
{
    private const string Schema = """
        {"type":"object","properties":{"name":{"type":"string","maxLength":8},"n":{"type":"integer","minimum":-5,"maximum":300},
        "color":{"enum":["red","green"]},"list":{"type":"array","items":{"type":"boolean"},"maxItems":3}},
        "required":["name","n","color","list"],"additionalProperties":false}
        """;

    private string _folder = "";
    private GgufChatClient _client = null!;

    [OneTimeSetUp]
    public async Task LoadModel()
    {
        _folder = Directory.CreateTempSubdirectory("benny-ranked-").FullName;
        string path = TinyQwen2Model.Build(Path.Combine(_folder, "tiny-qwen2.gguf"));
        _client = await GgufChatClient.LoadAsync(path, new GgufEngineOptions { Backend = GgufBackend.Cpu, Threads = 1, ContextSize = 512 });
    }

    [OneTimeTearDown]
    public void Unload()
    {
        SamplerChain.RankedResample = true;
        _client.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [TestCase(0f, 40)]
    [TestCase(1f, 40)]
    [TestCase(1.5f, 5)]
    [TestCase(0.7f, 300)]
    public async Task GetResponseAsync_RankedResample_ChoosesWhatTheWholeVocabularyPassChooses(float temperature, int topK)
    {
        long settledBefore = SamplerChain.RankedResamplesSettled;
        foreach (ChatResponseFormat format in new[] { ChatResponseFormat.ForJsonSchema(JsonDocument.Parse(Schema).RootElement), ChatResponseFormat.Json })
        {
            for (int seed = 0; seed < 4; seed++)
            {
                var options = new ChatOptions { ResponseFormat = format, Temperature = temperature, TopK = topK, Seed = seed, MaxOutputTokens = 40 };

                SamplerChain.RankedResample = true;
                ChatResponse ranked = await _client.GetResponseAsync("Answer in JSON.", options);
                SamplerChain.RankedResample = false;
                ChatResponse whole = await _client.GetResponseAsync("Answer in JSON.", options);
                SamplerChain.RankedResample = true;

                Assert.That(ranked.Text, Is.EqualTo(whole.Text), $"format {format}, seed {seed}");
                Assert.That(ranked.Usage?.OutputTokenCount, Is.EqualTo(whole.Usage?.OutputTokenCount));
            }
        }

        Assert.That(SamplerChain.RankedResamplesSettled, Is.GreaterThan(settledBefore), "no rejected pick was settled by a ranked window: the path was not tested");
    }
}
