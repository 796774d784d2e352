using System.Globalization;
using System.Text.Json;
using Benny.Engines.Gguf;
using Microsoft.Extensions.AI;

namespace Benny.Benchmarks;

/// <summary>
/// One model's greedy decode rate through <see cref="GgufChatClient"/>, printed as one JSON line for the peers script
/// (benchmarks/peers/run.sh), which runs node-llama-cpp on the same prompt: tokens per second after the first token
/// (the prompt pass excluded), median of 5 requests, and the greedy text (the script checks both texts are equal). The
/// prompt is completed as it is (a template that renders only the last message), as node-llama-cpp's completion does.
/// Run: <c>dotnet run -c Release --project benchmarks/Benny.Benchmarks -- decode &lt;model.gguf&gt; &lt;prompt&gt; &lt;tokens&gt; &lt;threads|default&gt;</c>.
/// </summary>
internal static class DecodeRate
{
    public static async Task<int> RunAsync(string model, string prompt, int tokens, string threads)
    {
        using GgufChatClient client = await GgufChatClient.LoadAsync(model, new GgufEngineOptions
        {
            Backend = GgufBackend.Cpu,
            ContextSize = 512,
            Threads = threads == "default" ? null : int.Parse(threads, CultureInfo.InvariantCulture),

            // The prompt as it is, like node-llama-cpp's LlamaCompletion: no chat template around it.
            ChatTemplate = "{{ messages[-1].content }}",
        });
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = tokens };
        await client.GetResponseAsync(prompt, options);
        var rates = new List<double>();
        string text = "";
        for (int run = 0; run < 5; run++)
        {
            ChatResponse response = await client.GetResponseAsync(prompt, options);
            double generationMs = Convert.ToDouble(response.AdditionalProperties!["benny.generation_ms"], CultureInfo.InvariantCulture);
            rates.Add(((response.Usage?.OutputTokenCount ?? 0) - 1) / (generationMs / 1000));
            text = response.Text;
        }

        rates.Sort();
        Console.WriteLine(JsonSerializer.Serialize(new { tool = "benny", threads = client.Info.Threads, tokensPerSecond = Math.Round(rates[2], 1), text }));
        return 0;
    }
}
