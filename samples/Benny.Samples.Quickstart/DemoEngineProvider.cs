using System.Globalization;
using System.Runtime.CompilerServices;
using Benny.Runtime.Hosting;
using Benny.Runtime.Presets;
using Benny.Runtime.Registry;
using Microsoft.Extensions.AI;

namespace Benny.Samples.Quickstart;

/// <summary>
/// A demo engine: instead of running a language model it answers with a description of the request it
/// received (messages and the generation options that reached the engine). It shows how the core
/// composes prompts, presets and aliases, and how an engine plugs in through <see cref="IEngineProvider"/>.
/// </summary>
internal sealed class DemoEngineProvider : IEngineProvider
{
    public string EngineName => "demo";

    // Like some real engines, the demo engine has no min-p: the preset layer drops it.
    public GenerationParameters SupportedParameters => GenerationParameters.All & ~GenerationParameters.MinP;

    public async Task<IEngineModel> LoadAsync(ModelDefinition definition, IProgress<float> progress, CancellationToken cancellationToken)
    {
        for (int step = 1; step <= 4; step++)
        {
            await Task.Delay(50, cancellationToken).ConfigureAwait(false); // stands in for reading weights
            progress.Report(step / 4f);
        }

        return new DemoModel(definition.Path!);
    }

    private sealed class DemoModel(string artifact) : IEngineModel, IChatClient
    {
        public IChatClient ChatClient => this;

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
            => GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
            => StreamAsync(Describe(messages.ToList(), options), cancellationToken);

        private string Describe(List<ChatMessage> messages, ChatOptions? options)
        {
            string Format(float? value) => value?.ToString("0.###", CultureInfo.InvariantCulture) ?? "-";
            string roles = string.Join(" + ", messages.Select(m => m.Role.Value));
            string system = messages.FirstOrDefault(m => m.Role == ChatRole.System)?.Text ?? "(none)";
            return $"[{artifact}] received {messages.Count} messages ({roles}); system prompt: \"{system}\"; "
                + $"temperature={Format(options?.Temperature)} top_p={Format(options?.TopP)} top_k={options?.TopK?.ToString(CultureInfo.InvariantCulture) ?? "-"} "
                + $"repetition_penalty={Format(options.GetRepetitionPenalty())} max_tokens={options?.MaxOutputTokens?.ToString(CultureInfo.InvariantCulture) ?? "-"}";
        }

        private static async IAsyncEnumerable<ChatResponseUpdate> StreamAsync(string text, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            string[] words = text.Split(' ');
            for (int i = 0; i < words.Length; i++)
            {
                await Task.Delay(5, cancellationToken).ConfigureAwait(false);
                yield return new ChatResponseUpdate(ChatRole.Assistant, (i == 0 ? "" : " ") + words[i]);
            }

            yield return new ChatResponseUpdate
            {
                Role = ChatRole.Assistant,
                FinishReason = ChatFinishReason.Stop,
                Contents = [new UsageContent(new UsageDetails { OutputTokenCount = words.Length })],
            };
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

        public void Dispose()
        {
        }
    }
}
