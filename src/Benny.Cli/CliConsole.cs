using Spectre.Console;

namespace Benny.Cli;

/// <summary>The streams a command talks to, and whether a person is watching them.</summary>
internal sealed class CliConsole
{
    public CliConsole(TextWriter output, TextWriter error, TextReader input, string currentDirectory)
    {
        Out = output;
        Error = error;
        In = input;
        CurrentDirectory = currentDirectory;

        // Live displays (progress bars, the chat prompt) only when the process's own terminal is behind the writer;
        // a redirected stream or a test's StringWriter gets plain lines.
        IsOutputInteractive = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        IsInputInteractive = ReferenceEquals(input, Console.In) && !Console.IsInputRedirected;
        Ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = IsOutputInteractive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = IsOutputInteractive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = IsOutputInteractive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!IsOutputInteractive)
        {
            // No terminal to fit: keep table rows (long paths) on one line for logs and grep.
            Ansi.Profile.Width = 240;
        }
    }

    /// <summary>Gets standard output: results only (tables, JSON, answers).</summary>
    public TextWriter Out { get; }

    /// <summary>Gets standard error: errors and plain progress lines.</summary>
    public TextWriter Error { get; }

    /// <summary>Gets standard input (the chat's lines).</summary>
    public TextReader In { get; }

    /// <summary>Gets the folder <c>appsettings.json</c> and relative paths are found in.</summary>
    public string CurrentDirectory { get; }

    /// <summary>Gets a Spectre console over <see cref="Out"/>.</summary>
    public IAnsiConsole Ansi { get; }

    /// <summary>Gets whether <see cref="Out"/> is a terminal.</summary>
    public bool IsOutputInteractive { get; }

    /// <summary>Gets whether <see cref="In"/> is a terminal.</summary>
    public bool IsInputInteractive { get; }

    /// <summary>Gets or sets whether errors include stack traces and logs go to standard error (<c>--verbose</c>).</summary>
    public bool Verbose { get; set; }
}
