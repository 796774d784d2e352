using System.CommandLine;
using Benny.Cli.Hosting;
using Benny.Runtime.Provisioning;
using Microsoft.Extensions.DependencyInjection;

namespace Benny.Cli.Commands;

/// <summary><c>benny pull NAME [--force]</c>: downloads one model's artifact, with a progress bar.</summary>
internal static class PullCommand
{
    public static Command Create(CommandRunner runner)
    {
        var name = new Argument<string>("name") { Description = "A registered model name, alias or profile role, or a catalog name (benny-route-s)." };
        var force = new Option<bool>("--force") { Description = "Check a present file's SHA-256 again and download it again when it does not match." };
        var command = new Command("pull", "Download a model's artifact from its source (resumable, verified) and print where it is.") { name, force };
        runner.SetAction(command, async (parse, services, cancellationToken) =>
        {
            CliConsole console = runner.Console;
            IModelProvisioner provisioner = services.GetRequiredService<IModelProvisioner>();
            string model = parse.GetRequiredValue(name);
            ProvisioningReport report = await ProvisioningProgressView.RunAsync(
                console,
                allowLive: true,
                progress => provisioner.EnsureAsync([model], parse.GetValue(force), progress, cancellationToken));
            ProvisioningEntry entry = report.Models[0];
            if (!entry.Succeeded)
            {
                throw new CliException($"{model}: {entry.Error ?? "provisioning failed."}");
            }

            string size = ProvisioningProgressView.FormatBytes(entry.Bytes);
            console.Out.WriteLine($"{entry.Model}: {Describe(entry.Action)} {entry.Path} ({size})");
            return ExitCodes.Success;
        });
        return command;
    }

    internal static string Describe(ProvisioningAction action) => action switch
    {
        ProvisioningAction.Present => "present",
        ProvisioningAction.Downloaded => "downloaded",
        ProvisioningAction.Verified => "verified",
        ProvisioningAction.Resumed => "downloaded (resumed)",
        _ => "failed",
    };
}
