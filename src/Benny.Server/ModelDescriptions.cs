using System.Text.Json;
using Benny.Runtime;
using Benny.Runtime.Hosting;
using Benny.Runtime.Presets;
using Benny.Runtime.Registry;
using Benny.Server.Health;
using Microsoft.Extensions.AI;

namespace Benny.Server;

/// <summary>Writes the JSON of <c>/info</c> and of the admin <c>GET /api/v1/models</c>.</summary>
internal static class ModelDescriptions
{
    /// <summary>One model as <c>/info</c> reports it: registry facts, load state, and the client's metadata.</summary>
    public static void WriteInfo(Utf8JsonWriter writer, ModelRegistry registry, ModelHost host, string name, IChatClient client)
    {
        ResolvedModel model = registry.Resolve(name);
        ModelDefinition target = model.Target;
        ModelStatus status = host.GetStatus(name);
        writer.WriteStartObject();
        writer.WriteString("name", model.Requested.Name);
        WriteOptional(writer, "alias_of", model.IsAlias ? target.Name : null);
        WriteOptional(writer, "engine", target.Engine);
        WriteOptional(writer, "provider", client.GetService<ChatClientMetadata>()?.ProviderName);
        WriteOptional(writer, "device", target.Device ?? target.Backend);
        WriteOptional(writer, "quantization", target.WeightFormat);
        if (target.ContextSize is { } context)
        {
            writer.WriteNumber("context", context);
        }
        else
        {
            writer.WriteNull("context");
        }

        if (target.Parallel is { } parallel)
        {
            writer.WriteNumber("parallel", parallel);
        }

        writer.WriteNull("parameters"); // the engine's parameter count: not reachable through the keyed pipeline yet
        writer.WriteBoolean("chat", target.Chat);
        writer.WriteBoolean("embeddings", target.Embeddings);
        writer.WriteString("state", ModelHealthCheck.StateName(status.State));
        WriteOptional(writer, "error", status.Error);
        WriteOptional(writer, "purpose", model.Requested.GetEffectivePurpose());
        writer.WriteEndObject();
    }

    /// <summary>One model as the admin API reports it: its definition with the resolved generation settings.</summary>
    public static void WriteDefinition(Utf8JsonWriter writer, ModelRegistry registry, PresetResolver presets, string name)
    {
        ResolvedModel model = registry.Resolve(name);
        ModelDefinition definition = model.Requested;
        writer.WriteStartObject();
        writer.WriteString("name", definition.Name);
        WriteOptional(writer, "alias_of", definition.AliasOf);
        WriteOptional(writer, "engine", model.Target.Engine);
        WriteOptional(writer, "path", model.Target.Path);
        WriteOptional(writer, "weight_format", model.Target.WeightFormat);
        WriteOptional(writer, "device", model.Target.Device);
        WriteOptional(writer, "backend", model.Target.Backend);
        WriteOptional(writer, "purpose", definition.GetEffectivePurpose());
        WriteOptional(writer, "size", definition.GetEffectiveSize()?.ToString());
        WriteOptional(writer, "preset", definition.Preset);
        WriteOptional(writer, "prompt", definition.Prompt);
        writer.WriteBoolean("chat", model.Target.Chat);
        writer.WriteBoolean("embeddings", model.Target.Embeddings);
        if (model.Target.ContextSize is { } context)
        {
            writer.WriteNumber("context_size", context);
        }

        if (model.Target.GpuLayers is { } layers)
        {
            writer.WriteNumber("gpu_layers", layers);
        }

        if (model.Target.Parallel is { } parallel)
        {
            writer.WriteNumber("parallel", parallel);
        }

        WriteMap(writer, "settings", model.Target.Settings);
        WriteMap(writer, "metadata", definition.Metadata);
        WritePreset(writer, presets.Resolve(definition));
        writer.WriteEndObject();
    }

    /// <summary>The profile names of the profiles manifests the options import, in file order, without duplicates.</summary>
    public static IReadOnlyList<string> ReadProfiles(BennyOptions options)
    {
        var names = new List<string>();
        foreach (string path in options.Import.ProfilesManifests)
        {
            try
            {
                using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(PathExpansion.GetFullPath(path)), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
                foreach (JsonProperty root in document.RootElement.EnumerateObject())
                {
                    if (string.Equals(root.Name, "profiles", StringComparison.OrdinalIgnoreCase) && root.Value.ValueKind == JsonValueKind.Object)
                    {
                        names.AddRange(root.Value.EnumerateObject().Select(p => p.Name).Where(n => !names.Contains(n, StringComparer.Ordinal)));
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
            {
                // The import itself reported the file at start; the admin listing shows what it can read now.
            }
        }

        return names;
    }

    private static void WritePreset(Utf8JsonWriter writer, GenerationPreset preset)
    {
        writer.WriteStartObject("parameters");
        WriteNumber(writer, "temperature", preset.Temperature);
        WriteNumber(writer, "top_p", preset.TopP);
        WriteNumber(writer, "top_k", preset.TopK);
        WriteNumber(writer, "min_p", preset.MinP);
        WriteNumber(writer, "repetition_penalty", preset.RepetitionPenalty);
        WriteNumber(writer, "frequency_penalty", preset.FrequencyPenalty);
        WriteNumber(writer, "presence_penalty", preset.PresencePenalty);
        WriteNumber(writer, "max_tokens", preset.MaxOutputTokens);
        WriteNumber(writer, "seed", preset.Seed);
        if (preset.StopSequences is { Count: > 0 } stop)
        {
            writer.WriteStartArray("stop");
            foreach (string sequence in stop)
            {
                writer.WriteStringValue(sequence);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, Math.Round(number, 6));
        }
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteMap(Utf8JsonWriter writer, string name, Dictionary<string, string>? map)
    {
        if (map is null || map.Count == 0)
        {
            return;
        }

        writer.WriteStartObject(name);
        foreach ((string key, string value) in map)
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
    }
}
