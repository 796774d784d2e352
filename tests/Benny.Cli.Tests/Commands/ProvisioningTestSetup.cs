using System.Text.Json.Nodes;
using Benny.Cli.Tests.Support;
using Benny.Tests.Support;

namespace Benny.Cli.Tests.Commands;

/// <summary>A sandbox whose configuration downloads from a loopback Hugging Face-shaped server into a cache in the sandbox.</summary>
internal static class ProvisioningTestSetup
{
    public const string Repository = "test-owner/tiny-GGUF";

    public static byte[] Content { get; } = [.. Enumerable.Range(0, 300_000).Select(i => (byte)(i * 31))];

    /// <summary>Serves <see cref="Content"/> as <c>tiny.gguf</c> and writes a configuration with <c>tiny</c> (that file) and <c>missing</c> (a 404).</summary>
    public static void Configure(CliSandbox sandbox, FakeHuggingFaceServer server)
    {
        server.Add(Repository, "tiny.gguf", Content);
        sandbox.WriteConfiguration(new JsonObject
        {
            ["Models"] = new JsonObject
            {
                ["tiny"] = new JsonObject { ["Engine"] = "gguf", ["Source"] = $"hf://{Repository}/tiny.gguf" },
                ["tiny-role"] = new JsonObject { ["AliasOf"] = "tiny" },
                ["missing"] = new JsonObject { ["Engine"] = "gguf", ["Source"] = $"hf://{Repository}/missing.gguf" },
                ["local"] = CliSandbox.StoriesEntry(),
            },
            ["Provisioning"] = new JsonObject
            {
                ["CacheDirectory"] = Path.Combine(sandbox.Directory, "cache"),
                ["Endpoint"] = server.Endpoint.ToString(),
                ["MaxRetries"] = 0,
            },
        });
    }

    public static string CachedPath(CliSandbox sandbox, string file)
        => Path.Combine(sandbox.Directory, "cache", "test-owner", "tiny-GGUF", "main", file);
}
