using System.CommandLine;
using Benny.Cli.Hosting;
using Benny.Runtime.Provisioning;
using Benny.Runtime.Registry;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Benny.Cli.Commands;

/// <summary>
/// <c>benny provision [--roles a b] [--force] [--json]</c>: <see cref="IModelProvisioner.EnsureAsync"/> over the given
/// roles or names, or over every registry model with a source when none are given; prints the report.
/// </summary>
internal static class ProvisionCommand
{
    public static Command Create(CommandRunner runner)
    {
        var roles = new Option<string[]>("--roles", "--models")
        {
            Description = "Profile roles, model names, aliases or catalog names to provision. Default: every registry model that has a source (its own Source, or the built-in catalog's for an entry without Path).",
            AllowMultipleArgumentsPerToken = true,
            HelpName = "NAME",
        };
        var force = new Option<bool>("--force") { Description = "Check present files' SHA-256 again and download the ones that do not match." };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON (the format of ProvisioningReport.ToJson()) and nothing else on standard output." };
        var command = new Command("provision", "Make sure the models' artifacts are on disk, downloading the missing ones, and report what was done.") { roles, force, json };
        runner.SetAction(command, async (parse, services, cancellationToken) =>
        {
            CliConsole console = runner.Console;
            IModelProvisioner provisioner = services.GetRequiredService<IModelProvisioner>();
            string[] names = parse.GetValue(roles) is { Length: > 0 } given ? given : DefaultNames(services.GetRequiredService<ModelRegistry>(), provisioner);
            bool asJson = parse.GetValue(json);
            ProvisioningReport report = names.Length == 0
                ? new ProvisioningReport([])
                : await ProvisioningProgressView.RunAsync(
                    console,
                    allowLive: !asJson,
                    progress => provisioner.EnsureAsync(names, parse.GetValue(force), progress, cancellationToken));
            if (asJson)
            {
                console.Out.WriteLine(report.ToJson());
            }
            else if (report.Models.Count == 0)
            {
                console.Out.WriteLine("Nothing to provision: no registry model has a source. Give roles with --roles, or a Source to an entry.");
            }
            else
            {
                Write(console, report);
            }

            int failed = report.Models.Count(m => !m.Succeeded);
            if (failed > 0)
            {
                ProvisioningEntry first = report.Models.First(m => !m.Succeeded);
                console.Error.WriteLine($"benny: {failed} of {report.Models.Count} models failed; {first.Role ?? first.Model}: {CliErrors.OneLine(first.Error ?? "failed.")}");
                return ExitCodes.Failure;
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Every non-alias registry model that has an artifact to download, in name order.</summary>
    internal static string[] DefaultNames(ModelRegistry registry, IModelProvisioner provisioner)
        => [.. registry.Definitions
            .Where(d => d.AliasOf is null && ModelsCommand.SourceOf(provisioner, d) is not null)
            .Select(d => d.Name)
            .OrderBy(n => n, StringComparer.OrdinalIgnoreCase)];

    private static void Write(CliConsole console, ProvisioningReport report)
    {
        var table = new Table().AddColumns("model", "role", "action", "size", "downloaded", "time", "path or error");
        foreach (ProvisioningEntry entry in report.Models)
        {
            table.AddRow(
                Markup.Escape(entry.Model),
                Markup.Escape(entry.Role ?? ""),
                entry.Succeeded ? PullCommand.Describe(entry.Action) : "[red]failed[/]",
                ProvisioningProgressView.FormatBytes(entry.Bytes),
                ProvisioningProgressView.FormatBytes(entry.DownloadedBytes),
                $"{entry.DurationMs / 1000.0:0.0} s",
                Markup.Escape(entry.Succeeded ? entry.Path ?? "" : CliErrors.OneLine(entry.Error ?? "")));
        }

        console.Ansi.Write(table);
    }
}
