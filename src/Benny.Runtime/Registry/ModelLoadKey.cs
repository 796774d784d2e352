using System.Globalization;
using System.Text;

namespace Benny.Runtime.Registry;

/// <summary>
/// The identity of a loaded model: engine, full artifact path and every load setting. Two entries with
/// the same key share one loaded instance (one copy of the weights in memory).
/// </summary>
internal static class ModelLoadKey
{
    /// <summary>Computes the load key of a non-alias definition.</summary>
    public static string For(ModelDefinition target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var key = new StringBuilder();
        key.Append(target.Engine?.ToLowerInvariant()).Append('|')
           .Append(target.Path is null ? "" : PathExpansion.GetFullPath(target.Path)).Append('|')
           .Append(target.Device?.ToUpperInvariant()).Append('|')
           .Append(target.Backend?.ToLowerInvariant()).Append('|')
           .Append(target.GpuLayers?.ToString(CultureInfo.InvariantCulture)).Append('|')
           .Append(target.ContextSize?.ToString(CultureInfo.InvariantCulture)).Append('|')
           .Append(target.Parallel?.ToString(CultureInfo.InvariantCulture));

        // What the instance serves decides what the engine creates on the weights (a chat context, an embedding context).
        if (target.Embeddings || !target.Chat)
        {
            key.Append("|serves=").Append(target.Chat ? "chat+" : "").Append(target.Embeddings ? "embeddings" : "");
        }

        foreach (KeyValuePair<string, string> setting in target.Settings.OrderBy(s => s.Key, StringComparer.OrdinalIgnoreCase))
        {
            key.Append('|').Append(setting.Key.ToLowerInvariant()).Append('=').Append(setting.Value);
        }

        return key.ToString();
    }
}
