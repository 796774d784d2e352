using System.Text.Json;
using Benny.Runtime;
using Microsoft.Extensions.Configuration;

namespace Benny.Cli.Hosting;

/// <summary>
/// Where <c>benny</c> reads its configuration, lowest precedence first: <c>appsettings.json</c> in the current folder,
/// the file given with <c>--config</c>, environment variables (<c>Benny__Models__benny-route-s__Path</c>), then
/// <c>--profile</c> (<c>Benny:Profile</c>). The library binds the <c>Benny</c> section as in any application.
/// </summary>
internal static class CliConfiguration
{
    /// <summary>The file read from the current folder when it exists.</summary>
    public const string DefaultFileName = "appsettings.json";

    /// <summary>Adds the sources to <paramref name="builder"/> (a <c>ConfigurationManager</c> of a host, or a plain builder).</summary>
    /// <exception cref="CliException">The <c>--config</c> file does not exist, or a file is not valid JSON.</exception>
    public static void AddSources(IConfigurationBuilder builder, CliSettings settings, string currentDirectory)
    {
        foreach (string file in Files(settings, currentDirectory))
        {
            builder.AddJsonStream(Read(file));
        }

        builder.AddEnvironmentVariables();
        if (!string.IsNullOrWhiteSpace(settings.Profile))
        {
            builder.AddInMemoryCollection([new KeyValuePair<string, string?>($"Benny:{nameof(BennyOptions.Profile)}", settings.Profile)]);
        }
    }

    /// <summary>The configuration files read, in order.</summary>
    /// <exception cref="CliException">The <c>--config</c> file does not exist.</exception>
    public static IReadOnlyList<string> Files(CliSettings settings, string currentDirectory)
    {
        var files = new List<string>();
        string defaults = Path.Combine(currentDirectory, DefaultFileName);
        if (File.Exists(defaults))
        {
            files.Add(defaults);
        }

        if (settings.ConfigFile is { } configured)
        {
            string full = PathExpansion.GetFullPath(configured, currentDirectory);
            if (!File.Exists(full))
            {
                throw new CliException($"The configuration file '{full}' (--config) does not exist.");
            }

            if (!files.Contains(full, StringComparer.Ordinal))
            {
                files.Add(full);
            }
        }

        return files;
    }

    /// <summary>Reads a file into memory after checking it is JSON, so a mistake is reported with the file, line and position.</summary>
    private static MemoryStream Read(string file)
    {
        byte[] bytes = File.ReadAllBytes(file);
        try
        {
            using JsonDocument document = JsonDocument.Parse(bytes, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            string where = e.LineNumber is { } line ? $" at line {line + 1}, position {e.BytePositionInLine + 1}" : "";
            throw new CliException($"The configuration file '{file}' is not valid JSON{where}.", e);
        }

        return new MemoryStream(bytes, writable: false);
    }
}
