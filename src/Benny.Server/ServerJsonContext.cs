using System.Text.Json;
using System.Text.Json.Serialization;

namespace Benny.Server;

/// <summary>Source-generated JSON metadata for the few types the server (de)serializes.</summary>
[JsonSerializable(typeof(Dictionary<string, object?>))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(object))]
internal sealed partial class ServerJsonContext : JsonSerializerContext;
