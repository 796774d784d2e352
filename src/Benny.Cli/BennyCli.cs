using System.CommandLine;
using System.CommandLine.Help;
using Benny.Cli.Commands;
using Benny.Cli.Hosting;

namespace Benny.Cli;

/// <summary>The <c>benny</c> command line: parses the arguments and runs a command against the given streams.</summary>
/// <remarks>
/// Commands: <c>models</c>, <c>pull</c>, <c>provision</c>, <c>chat</c>, <c>bench</c>, <c>eval</c>, <c>doctor</c>, <c>serve</c>. Results go to
/// standard output; errors are one line <c>benny: message</c> on standard error with exit code 1
/// (2 for a command-line mistake, 130 when cancelled), and a stack trace only with <c>--verbose</c>.
/// </remarks>
public static class BennyCli
{
    /// <summary>Runs <c>benny</c> with <paramref name="args"/>.</summary>
    /// <param name="args">The arguments, without the program name.</param>
    /// <param name="output">Standard output: tables, JSON, answers.</param>
    /// <param name="error">Standard error: error lines and plain progress.</param>
    /// <param name="input">Standard input: the lines <c>benny chat</c> reads.</param>
    /// <param name="cancellationToken">Cancels the running command.</param>
    /// <returns>The exit code (<see cref="ExitCodes"/>).</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, TextReader input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(input);
        return RunAsync(args, new CliConsole(output, error, input, Environment.CurrentDirectory), cancellationToken);
    }

    internal static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken)
    {
        var globals = new GlobalOptions();
        RootCommand root = CreateRootCommand(console, globals);
        ParseResult parse = root.Parse(args);
        console.Verbose = parse.GetValue(globals.Verbose);
        if (parse.Errors.Count > 0 && parse.Action is not HelpAction)
        {
            // The parser lists "Required command was not provided" before the token it did not recognise; the token says more.
            string message = parse.Errors.Select(e => e.Message).OrderBy(m => m.StartsWith("Unrecognized", StringComparison.Ordinal) ? 0 : 1).First();
            console.Error.WriteLine($"benny: {CliErrors.OneLine(message)} Run 'benny --help' for usage.");
            return ExitCodes.Usage;
        }

        try
        {
            return await parse.InvokeAsync(
                new InvocationConfiguration
                {
                    Output = console.Out,
                    Error = console.Error,
                    EnableDefaultExceptionHandler = false,
                    ProcessTerminationTimeout = null,
                },
                cancellationToken);
        }
        catch (Exception e)
        {
            return CliErrors.Report(e, console);
        }
    }

    /// <summary>The command tree. A new command is one more <c>Subcommands.Add</c> line here.</summary>
    private static RootCommand CreateRootCommand(CliConsole console, GlobalOptions globals)
    {
        var runner = new CommandRunner(console, globals);
        var root = new RootCommand(
            "Run local LLMs with Benny.Runtime: list, download, chat with, benchmark, evaluate, check and serve the models of the registry. "
            + "Configuration: appsettings.json in the current folder, --config FILE, then environment variables (Benny__Models__<name>__Path).");
        globals.AddTo(root);
        root.Subcommands.Add(ModelsCommand.Create(runner));
        root.Subcommands.Add(PullCommand.Create(runner));
        root.Subcommands.Add(ProvisionCommand.Create(runner));
        root.Subcommands.Add(ChatCommand.Create(runner));
        root.Subcommands.Add(BenchCommand.Create(runner));
        root.Subcommands.Add(EvalCommand.Create(runner));
        root.Subcommands.Add(DoctorCommand.Create(runner));
        root.Subcommands.Add(ServeCommand.Create(runner));
        return root;
    }
}
