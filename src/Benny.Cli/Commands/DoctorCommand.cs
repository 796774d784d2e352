using System.CommandLine;
using System.Globalization;
using Benny.Cli.Hosting;
using Benny.Engines.Gguf;
using Benny.Engines.Gguf.Format;
using Benny.Runtime;
using Benny.Runtime.Provisioning;
using Benny.Runtime.Registry;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Benny.Cli.Commands;

/// <summary>
/// <c>benny doctor</c>: the configuration files read, the llama.cpp natives (folder, build, version, backends, devices),
/// the thread rule's choice, and for each registry model its file, format check and size. Exit code 1 when a check fails,
/// with one line per failure on standard error.
/// </summary>
internal static class DoctorCommand
{
    public static Command Create(CommandRunner runner)
    {
        var command = new Command("doctor", "Check the setup: configuration files, llama.cpp natives, backends and devices, the thread rule, and each model's file and format.");
        runner.SetAction(command, (parse, services, _) =>
        {
            CliConsole console = runner.Console;
            var failures = new List<string>();
            IAnsiConsole ansi = console.Ansi;

            IReadOnlyList<string> files = CliConfiguration.Files(runner.Globals.Read(parse), console.CurrentDirectory);
            ansi.WriteLine("Configuration: " + (files.Count == 0 ? "no file (appsettings.json absent, no --config); environment variables only" : string.Join(", ", files)));

            ModelRegistry registry = services.GetRequiredService<ModelRegistry>();
            IModelProvisioner provisioner = services.GetRequiredService<IModelProvisioner>();
            WriteNatives(ansi, failures);
            WriteThreadRule(ansi);
            WriteModels(ansi, registry, provisioner, failures);

            foreach (string failure in failures)
            {
                console.Error.WriteLine("benny: " + CliErrors.OneLine(failure));
            }

            if (failures.Count == 0)
            {
                ansi.WriteLine("All checks passed.");
                return Task.FromResult(ExitCodes.Success);
            }

            return Task.FromResult(ExitCodes.Failure);
        });
        return command;
    }

    private static void WriteNatives(IAnsiConsole ansi, List<string> failures)
    {
        GgufNativeDiagnostics natives;
        try
        {
            natives = GgufNativeDiagnostics.Load();
        }
        catch (Exception e) when (e is DllNotFoundException or InvalidOperationException or BadImageFormatException or EntryPointNotFoundException)
        {
            ansi.WriteLine("llama.cpp natives: NOT LOADED");
            failures.Add("llama.cpp natives: " + e.Message);
            return;
        }

        ansi.WriteLine($"llama.cpp natives: {natives.LlamaVersion}, {natives.Variant} build for {natives.Platform}, from {natives.Directory}");
        ansi.WriteLine($"Backends: {string.Join(", ", natives.Backends)}; GPU offload: {(natives.SupportsGpuOffload ? "yes" : "no")}");
        var devices = new Table().AddColumns("device", "type", "backend", "description", "memory free / total");
        foreach (GgufDevice device in natives.Devices)
        {
            devices.AddRow(
                Markup.Escape(device.Name),
                device.Type.ToString(),
                Markup.Escape(device.Backend),
                Markup.Escape(device.Description),
                device.TotalMemoryBytes > 0 ? $"{ProvisioningProgressView.FormatBytes(device.FreeMemoryBytes)} / {ProvisioningProgressView.FormatBytes(device.TotalMemoryBytes)}" : "");
        }

        ansi.Write(devices);
    }

    private static void WriteThreadRule(IAnsiConsole ansi)
    {
        int small = GgufThreadRule.Choose(0);
        int large = GgufThreadRule.Choose(GgufThreadRule.SingleThreadBelowBytes);
        ansi.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Thread rule: {small} thread for weights under {ProvisioningProgressView.FormatBytes(GgufThreadRule.SingleThreadBelowBytes)}, {large} for larger ones ({Environment.ProcessorCount} logical processors available)."));
    }

    private static void WriteModels(IAnsiConsole ansi, ModelRegistry registry, IModelProvisioner provisioner, List<string> failures)
    {
        var table = new Table().AddColumns("model", "engine", "path", "check", "size", "threads");
        foreach (ModelDefinition definition in registry.Definitions.Where(d => d.AliasOf is null).OrderBy(d => d.Name, StringComparer.OrdinalIgnoreCase))
        {
            ModelCheck check = Check(definition, provisioner);
            if (!check.Ok)
            {
                failures.Add($"{definition.Name}: {check.Detail}");
            }

            table.AddRow(
                Markup.Escape(definition.Name),
                Markup.Escape(definition.Engine ?? ""),
                Markup.Escape(check.Path ?? ""),
                check.Ok ? Markup.Escape(check.Detail) : "[red]" + Markup.Escape(CliErrors.OneLine(check.Detail)) + "[/]",
                check.Bytes is { } bytes ? ProvisioningProgressView.FormatBytes(bytes) : "",
                check.Threads?.ToString(CultureInfo.InvariantCulture) ?? "");
        }

        if (table.Rows.Count == 0)
        {
            ansi.WriteLine("Models: none registered.");
            return;
        }

        ansi.Write(table);
    }

    internal static ModelCheck Check(ModelDefinition definition, IModelProvisioner provisioner)
    {
        if (definition.Path is not { } configured)
        {
            return new ModelCheck(false, "no Path is configured.", null, null, null);
        }

        string path = PathExpansion.GetFullPath(configured);
        string pull = ModelsCommand.SourceOf(provisioner, definition) is not null ? $" Run 'benny pull {definition.Name}'." : "";
        if (string.Equals(definition.Engine, GgufEngineProvider.Name, StringComparison.OrdinalIgnoreCase))
        {
            if (!File.Exists(path))
            {
                return new ModelCheck(false, $"the file '{path}' does not exist.{pull}", path, null, null);
            }

            try
            {
                GgufFile file = GgufFile.Read(path);
                long weights = Math.Max(0, file.FileLength - file.DataOffset);
                string detail = string.Create(CultureInfo.InvariantCulture, $"GGUF v{file.Version}, {file.Architecture ?? "unknown architecture"}, {file.Tensors.Count} tensors");
                return new ModelCheck(true, detail, path, file.FileLength, GgufThreadRule.Choose(weights));
            }
            catch (Exception e) when (e is GgufFormatException or IOException or UnauthorizedAccessException)
            {
                string message = e.Message.Contains(path, StringComparison.Ordinal) ? e.Message : $"'{path}': {e.Message}";
                return new ModelCheck(false, $"not a valid GGUF file: {message}", path, new FileInfo(path).Length, null);
            }
        }

        if (File.Exists(path))
        {
            return new ModelCheck(true, "file present", path, new FileInfo(path).Length, null);
        }

        if (!Directory.Exists(path))
        {
            return new ModelCheck(false, $"the folder '{path}' does not exist.{pull}", path, null, null);
        }

        long size = new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
        if (string.Equals(definition.Engine, "openvino", StringComparison.OrdinalIgnoreCase) && !File.Exists(Path.Combine(path, "openvino_model.xml")))
        {
            return new ModelCheck(false, $"the folder '{path}' has no openvino_model.xml (an OpenVINO IR export has one).{pull}", path, size, null);
        }

        return new ModelCheck(true, "folder present", path, size, null);
    }

    internal sealed record ModelCheck(bool Ok, string Detail, string? Path, long? Bytes, int? Threads);
}
