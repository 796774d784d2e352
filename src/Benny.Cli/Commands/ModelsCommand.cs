using System.CommandLine;
using System.Text.Json;
using Benny.Cli.Hosting;
using Benny.Runtime;
using Benny.Runtime.Hosting;
using Benny.Runtime.Provisioning;
using Benny.Runtime.Registry;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Benny.Cli.Commands;

/// <summary><c>benny models [--json]</c>: the registry with each entry's engine, path, alias target, download and load state, and source.</summary>
internal static class ModelsCommand
{
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true };

    public static Command Create(CommandRunner runner)
    {
        var json = new Option<bool>("--json") { Description = "Print the entries as a JSON array." };
        var command = new Command("models", "List the registry: engine, path, alias target, whether the file is downloaded, whether it is loaded, and its source.") { json };
        runner.SetAction(command, (parse, services, _) =>
        {
            IReadOnlyList<ModelRow> rows = Rows(services);
            CliConsole console = runner.Console;
            if (parse.GetValue(json))
            {
                console.Out.WriteLine(JsonSerializer.Serialize(rows, s_json));
                return Task.FromResult(ExitCodes.Success);
            }

            if (rows.Count == 0)
            {
                console.Out.WriteLine("No models are registered. Add entries under Benny:Models in appsettings.json (or --config FILE).");
                return Task.FromResult(ExitCodes.Success);
            }

            var table = new Table().AddColumns("name", "engine", "path", "alias of", "downloaded", "loaded", "source");
            foreach (ModelRow row in rows)
            {
                table.AddRow(
                    Markup.Escape(row.Name),
                    Markup.Escape(row.Engine ?? ""),
                    Markup.Escape(row.Path ?? ""),
                    Markup.Escape(row.AliasOf ?? ""),
                    row.Downloaded ? "yes" : "[red]no[/]",
                    row.Loaded ? "yes" : "no",
                    Markup.Escape(row.Source ?? ""));
            }

            console.Ansi.Write(table);
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    /// <summary>The rows, in name order. "Loaded" is about this process: a fresh <c>benny</c> has nothing loaded.</summary>
    internal static IReadOnlyList<ModelRow> Rows(IServiceProvider services)
    {
        ModelRegistry registry = services.GetRequiredService<ModelRegistry>();
        IModelProvisioner provisioner = services.GetRequiredService<IModelProvisioner>();
        ModelHost host = services.GetRequiredService<ModelHost>();
        var loaded = new HashSet<string>(host.GetLoadedModels().SelectMany(m => m.ModelNames), StringComparer.OrdinalIgnoreCase);
        var rows = new List<ModelRow>();
        foreach (ModelDefinition definition in registry.Definitions.OrderBy(d => d.Name, StringComparer.OrdinalIgnoreCase))
        {
            ModelDefinition target = registry.Resolve(definition.Name).Target;
            string? path = target.Path is { } p ? PathExpansion.GetFullPath(p) : null;
            rows.Add(new ModelRow(
                definition.Name,
                target.Engine,
                path,
                definition.AliasOf,
                path is not null && (File.Exists(path) || Directory.Exists(path)),
                loaded.Contains(definition.Name) || loaded.Contains(target.Name),
                SourceOf(provisioner, target)));
        }

        return rows;
    }

    internal static string? SourceOf(IModelProvisioner provisioner, ModelDefinition target)
    {
        try
        {
            return provisioner.FindArtifact(target)?.Source.ToString() ?? target.Source;
        }
        catch (FormatException)
        {
            return target.Source;
        }
    }
}
