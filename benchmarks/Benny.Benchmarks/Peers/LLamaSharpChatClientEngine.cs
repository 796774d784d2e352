using System.Collections.Concurrent;
using System.Text;
using LLama;
using LLama.Abstractions;
using Microsoft.Extensions.AI;

namespace Benny.Benchmarks.Peers;

/// <summary>
/// LLamaSharp through its own <see cref="IChatClient"/> (<c>AsChatClient</c> over a <see cref="StatelessExecutor"/>, the
/// executor it documents for one-shot completions): with <c>Temperature = 0</c> it samples greedily (its default
/// pipeline with temperature 0), and a history transform that passes the last message's text as it is. Like every
/// LLamaSharp stateless request, each call makes a fresh context. One prompt at a time.
/// </summary>
internal sealed class LLamaSharpChatClientEngine : IPeerEngine
{
    private readonly LLamaWeights _weights;
    private readonly TokenCountingExecutor _executor;
    private readonly IChatClient _client;
    private readonly ChatOptions _options;
    private readonly ConcurrentDictionary<string, int> _promptTokens = new(StringComparer.Ordinal);

    private LLamaSharpChatClientEngine(LLamaWeights weights, TokenCountingExecutor executor, int maxTokens)
    {
        _weights = weights;
        _executor = executor;
        _client = executor.AsChatClient(new LastMessageHistoryTransform());
        _options = new ChatOptions { Temperature = 0, MaxOutputTokens = maxTokens };
    }

    /// <inheritdoc />
    public string Name => "LLamaSharp IChatClient";

    /// <summary>Loads <paramref name="path"/> with LLamaSharp's CPU natives.</summary>
    public static LLamaSharpChatClientEngine Load(string path, int threads, int maxTokens)
    {
        LLamaSharpNatives.Configure();
        var parameters = LLamaSharpParameters.For(path, threads, sequences: 1);
        LLamaWeights weights = LLamaWeights.LoadFromFile(parameters);
        return new LLamaSharpChatClientEngine(weights, new TokenCountingExecutor(new StatelessExecutor(weights, parameters)), maxTokens);
    }

    /// <inheritdoc />
    public async Task<Generation[]> GenerateAsync(IReadOnlyList<string> prompts, int maxTokens)
    {
        if (prompts.Count != 1 || maxTokens != _options.MaxOutputTokens)
        {
            throw new ArgumentException($"This engine completes one prompt at a time with {_options.MaxOutputTokens} tokens.", nameof(prompts));
        }

        _executor.Reset();
        ChatResponse response = await _client.GetResponseAsync(prompts[0], _options);
        int promptTokens = _promptTokens.GetOrAdd(prompts[0], p => _weights.Tokenize(p, true, true, Encoding.UTF8).Length);
        return [new Generation(response.Text, promptTokens, _executor.Tokens)];
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _client.Dispose();
        _weights.Dispose(); // the stateless executor frees each request's context itself
    }
}
