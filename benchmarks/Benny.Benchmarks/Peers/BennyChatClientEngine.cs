using Benny.Engines.Gguf;
using Microsoft.Extensions.AI;

namespace Benny.Benchmarks.Peers;

/// <summary>
/// Benny through <see cref="IChatClient"/>: a <see cref="GgufChatClient"/> on the CPU backend and the CPU build of its
/// natives (<see cref="PeerWorkload.BennyNatives"/>) with its defaults (threads
/// by <see cref="GgufThreadRule"/>, batch size, flash attention, its own thread pool), the peer suites' context size, and a
/// template that renders only the last message's text, so the prompt is completed as it is. Concurrent prompts are
/// concurrent <see cref="IChatClient.GetResponseAsync"/> calls served by <c>Parallel</c> sequence slots.
/// </summary>
internal sealed class BennyChatClientEngine : IPeerEngine
{
    private readonly IChatClient _client;
    private readonly ChatOptions _options;

    private BennyChatClientEngine(GgufChatClient client, int maxTokens)
    {
        Client = client;
        _client = client;
        _options = new ChatOptions { Temperature = 0, MaxOutputTokens = maxTokens };
    }

    /// <inheritdoc />
    public string Name => "Benny IChatClient";

    /// <summary>Gets the loaded client (its model information and natives).</summary>
    public GgufChatClient Client { get; }

    /// <summary>Loads <paramref name="path"/> with <paramref name="parallel"/> sequence slots; requests generate at most <paramref name="maxTokens"/> tokens.</summary>
    public static async Task<BennyChatClientEngine> LoadAsync(string path, int parallel, int maxTokens)
    {
        GgufChatClient client = await GgufChatClient.LoadAsync(path, new GgufEngineOptions
        {
            Backend = GgufBackend.Cpu,
            NativeLibraryDirectory = PeerWorkload.BennyNatives(),
            ContextSize = (int)PeerWorkload.ContextSize,
            Parallel = parallel,
            ChatTemplate = "{{ messages[-1].content }}",
        });
        return new BennyChatClientEngine(client, maxTokens);
    }

    /// <inheritdoc />
    public async Task<Generation[]> GenerateAsync(IReadOnlyList<string> prompts, int maxTokens)
    {
        if (maxTokens != _options.MaxOutputTokens)
        {
            throw new ArgumentOutOfRangeException(nameof(maxTokens), maxTokens, $"This engine was made for {_options.MaxOutputTokens} tokens per request.");
        }

        if (prompts.Count == 1)
        {
            return [Result(await _client.GetResponseAsync(prompts[0], _options))];
        }

        ChatResponse[] responses = await Task.WhenAll(prompts.Select(p => _client.GetResponseAsync(p, _options)));
        return [.. responses.Select(Result)];
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();

    private static Generation Result(ChatResponse response)
        => new(response.Text, (int)(response.Usage?.InputTokenCount ?? -1), (int)(response.Usage?.OutputTokenCount ?? -1));
}
