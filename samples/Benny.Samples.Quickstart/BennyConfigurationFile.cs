using System.Text.Json;
using Benny.Runtime;
using Benny.Runtime.Registry;
using Microsoft.Extensions.Configuration;

namespace Benny.Samples.Quickstart;

/// <summary>
/// A JSON configuration file holding a <c>Benny</c> section (the registry format of <c>appsettings.json</c>), read so
/// that its problems are reported as one clear <see cref="ConfigurationFileException"/> and its relative paths mean
/// what they say: relative to the file's own folder, not to the folder the sample was started from.
/// </summary>
internal sealed class BennyConfigurationFile
{
    private BennyConfigurationFile(string path, IConfigurationSection section)
    {
        FullPath = path;
        Section = section;
    }

    /// <summary>Gets the absolute path of the file.</summary>
    public string FullPath { get; }

    /// <summary>Gets the folder the file's relative paths resolve against.</summary>
    public string Folder => Path.GetDirectoryName(FullPath)!;

    /// <summary>Gets the file's <c>Benny</c> section, to pass to <c>AddBenny</c>.</summary>
    public IConfigurationSection Section { get; }

    /// <summary>Reads the file and checks that its <c>Benny</c> section binds to <see cref="BennyOptions"/>.</summary>
    /// <param name="path">The file; relative to the current folder, a leading <c>~</c> means the home folder.</param>
    /// <returns>The file.</returns>
    /// <exception cref="ConfigurationFileException">The file is missing, is not valid JSON, or holds a value that cannot be converted.</exception>
    public static BennyConfigurationFile Load(string path)
    {
        string fullPath = PathExpansion.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new ConfigurationFileException($"The configuration file '{fullPath}' does not exist. Check the path, or run without --config to use the synthetic models.");
        }

        IConfigurationRoot root;
        try
        {
            root = new ConfigurationBuilder().AddJsonFile(fullPath, optional: false, reloadOnChange: false).Build();
        }
        catch (InvalidDataException e)
        {
            throw new ConfigurationFileException($"The configuration file '{fullPath}' is not valid JSON: {DescribeJsonError(e)}. Fix the JSON syntax.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationFileException($"The configuration file '{fullPath}' cannot be read: {e.Message}", e);
        }

        IConfigurationSection section = root.GetSection("Benny");
        try
        {
            // Binding is lazy inside the options system; binding once here turns a value that does not convert
            // ("StrictParameters": "maybe") into this file's error instead of an exception from deep in start-up.
            section.Get<BennyOptions>();
        }
        catch (InvalidOperationException e)
        {
            throw new ConfigurationFileException($"The configuration file '{fullPath}' holds a value that cannot be used: {e.Message} Fix the value.", e);
        }

        return new BennyConfigurationFile(fullPath, section);
    }

    /// <summary>
    /// Makes the relative paths that the file's settings hold absolute, against <see cref="Folder"/>: each model's
    /// <c>Path</c>, <c>Prompts:Directory</c> and the import files. A leading <c>~</c> is expanded; absolute paths stay.
    /// </summary>
    /// <param name="options">Options bound from <see cref="Section"/>, before models are imported (imported models resolve their own paths).</param>
    public void ResolveRelativePaths(BennyOptions options)
    {
        foreach (ModelDefinition model in options.Models.Values)
        {
            model.Path = Resolve(model.Path);
        }

        options.Prompts.Directory = Resolve(options.Prompts.Directory);
        ResolveAll(options.Import.ConverterRegistries);
        ResolveAll(options.Import.ProfilesManifests);
    }

    private void ResolveAll(List<string> paths)
    {
        for (int i = 0; i < paths.Count; i++)
        {
            paths[i] = Resolve(paths[i])!;
        }
    }

    // Empty values stay as they are: validation reports them with the field to fix.
    private string? Resolve(string? path) => string.IsNullOrWhiteSpace(path) ? path : PathExpansion.GetFullPath(path, Folder);

    private static string DescribeJsonError(Exception e)
    {
        Exception innermost = e;
        while (innermost.InnerException is { } inner)
        {
            innermost = inner;
        }

        if (innermost is JsonException { LineNumber: { } line, BytePositionInLine: { } position } json)
        {
            // System.Text.Json counts lines and bytes from 0 and appends them to its message; say them from 1.
            int cut = json.Message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            string what = (cut >= 0 ? json.Message[..cut] : json.Message).TrimEnd('.', ' ');
            return $"{what} (line {line + 1}, byte {position + 1})";
        }

        return innermost.Message.TrimEnd('.', ' ');
    }
}
