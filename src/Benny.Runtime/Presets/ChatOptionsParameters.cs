using Microsoft.Extensions.AI;

namespace Benny.Runtime.Presets;

/// <summary>Reads and clears the generation parameters set on a <see cref="ChatOptions"/>.</summary>
internal static class ChatOptionsParameters
{
    /// <summary>Gets which parameters <paramref name="options"/> sets.</summary>
    public static GenerationParameters GetSet(ChatOptions? options)
    {
        if (options is null)
        {
            return GenerationParameters.None;
        }

        return (options.Temperature is null ? 0 : GenerationParameters.Temperature)
            | (options.TopP is null ? 0 : GenerationParameters.TopP)
            | (options.TopK is null ? 0 : GenerationParameters.TopK)
            | (options.GetMinP() is null ? 0 : GenerationParameters.MinP)
            | (options.GetRepetitionPenalty() is null ? 0 : GenerationParameters.RepetitionPenalty)
            | (options.FrequencyPenalty is null ? 0 : GenerationParameters.FrequencyPenalty)
            | (options.PresencePenalty is null ? 0 : GenerationParameters.PresencePenalty)
            | (options.MaxOutputTokens is null ? 0 : GenerationParameters.MaxOutputTokens)
            | (options.Seed is null ? 0 : GenerationParameters.Seed)
            | (options.StopSequences is null ? 0 : GenerationParameters.StopSequences);
    }

    /// <summary>Unsets the given parameters on <paramref name="options"/>.</summary>
    public static void Clear(ChatOptions options, GenerationParameters parameters)
    {
        if (parameters.HasFlag(GenerationParameters.Temperature)) options.Temperature = null;
        if (parameters.HasFlag(GenerationParameters.TopP)) options.TopP = null;
        if (parameters.HasFlag(GenerationParameters.TopK)) options.TopK = null;
        if (parameters.HasFlag(GenerationParameters.MinP)) options.WithMinP(null);
        if (parameters.HasFlag(GenerationParameters.RepetitionPenalty)) options.WithRepetitionPenalty(null);
        if (parameters.HasFlag(GenerationParameters.FrequencyPenalty)) options.FrequencyPenalty = null;
        if (parameters.HasFlag(GenerationParameters.PresencePenalty)) options.PresencePenalty = null;
        if (parameters.HasFlag(GenerationParameters.MaxOutputTokens)) options.MaxOutputTokens = null;
        if (parameters.HasFlag(GenerationParameters.Seed)) options.Seed = null;
        if (parameters.HasFlag(GenerationParameters.StopSequences)) options.StopSequences = null;
    }
}
