using System.Text.Json;
using System.Text.Json.Nodes;
using Benny.Tests.Support;

namespace Benny.Cli.Tests.Support;

/// <summary>A temp folder to run <c>benny</c> in, with its <c>appsettings.json</c>; deleted on dispose.</summary>
internal sealed class CliSandbox : IDisposable
{
    public CliSandbox()
    {
        Directory = Path.Combine(Path.GetTempPath(), "benny-cli-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    /// <summary>Gets the sandbox folder (the current folder of the commands run in it).</summary>
    public string Directory { get; }

    /// <summary>../shared/models/stories260K.gguf: a trained 260K-parameter llama model without a chat template.</summary>
    public static string Stories260K { get; } = TestRepository.Shared("models", "stories260K.gguf");

    /// <summary>A registry entry for stories260K on the CPU backend with a 256-token context.</summary>
    public static JsonObject StoriesEntry() => new()
    {
        ["Engine"] = "gguf",
        ["Path"] = Stories260K,
        ["Backend"] = "Cpu",
        ["ContextSize"] = 256,
    };

    /// <summary>Writes <c>{"Benny": benny}</c> as <c>appsettings.json</c> in the sandbox (or as <paramref name="fileName"/>).</summary>
    public string WriteConfiguration(JsonObject benny, string fileName = "appsettings.json")
    {
        string path = Path.Combine(Directory, fileName);
        File.WriteAllText(path, new JsonObject { ["Benny"] = benny }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    /// <summary>Writes <c>appsettings.json</c> with the given models under <c>Benny:Models</c>.</summary>
    public string WriteModels(params (string Name, JsonObject Entry)[] models)
    {
        var entries = new JsonObject();
        foreach ((string name, JsonObject entry) in models)
        {
            entries[name] = entry;
        }

        return WriteConfiguration(new JsonObject { ["Models"] = entries });
    }

    /// <summary>Runs <c>benny</c> in the sandbox with <paramref name="input"/> as standard input.</summary>
    public async Task<CliResult> RunWithInputAsync(string input, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var reader = new StringReader(input);
        int exitCode = await BennyCli.RunAsync(args, new CliConsole(output, error, reader, Directory), CancellationToken.None);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Runs <c>benny</c> in the sandbox with empty standard input.</summary>
    public Task<CliResult> RunAsync(params string[] args) => RunWithInputAsync("", args);

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow machine; the temp folder is cleaned up by the OS.
        }
    }
}
