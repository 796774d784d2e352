using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Benny.Cli.Hosting;

/// <summary>Runs a command's body in a freshly built host, and disposes the host (and any loaded model) afterwards.</summary>
internal sealed class CommandRunner(CliConsole console, GlobalOptions globals)
{
    public CliConsole Console { get; } = console;

    public GlobalOptions Globals { get; } = globals;

    /// <summary>Sets <paramref name="command"/>'s action to build the host and run <paramref name="body"/>.</summary>
    /// <param name="command">The command.</param>
    /// <param name="body">What the command does with the host's services.</param>
    /// <param name="configureBenny">Adds to Benny's registrations from the parsed command line (the tier router); <see langword="null"/> for none.</param>
    public void SetAction(Command command, Func<ParseResult, IServiceProvider, CancellationToken, Task<int>> body, Action<ParseResult, IBennyBuilder>? configureBenny = null)
        => command.SetAction(async (parse, cancellationToken) =>
        {
            CliSettings settings = Globals.Read(parse);
            IHost host = CliHost.Build(settings, Console, configureBenny is null ? null : benny => configureBenny(parse, benny));
            try
            {
                return await body(parse, host.Services, cancellationToken);
            }
            finally
            {
                if (host is IAsyncDisposable asyncDisposable)
                {
                    await asyncDisposable.DisposeAsync();
                }
                else
                {
                    host.Dispose();
                }
            }
        });
}
