using System.Text.Json.Serialization;

namespace Benny.Cli.Commands;

/// <summary>One registry entry as <c>benny models</c> shows it.</summary>
internal sealed record ModelRow(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("engine")] string? Engine,
    [property: JsonPropertyName("path")] string? Path,
    [property: JsonPropertyName("alias_of")] string? AliasOf,
    [property: JsonPropertyName("downloaded")] bool Downloaded,
    [property: JsonPropertyName("loaded")] bool Loaded,
    [property: JsonPropertyName("source")] string? Source);
