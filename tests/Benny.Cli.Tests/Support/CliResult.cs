namespace Benny.Cli.Tests.Support;

/// <summary>What a <c>benny</c> run produced.</summary>
internal sealed record CliResult(int ExitCode, string Output, string Error)
{
    /// <summary>Gets the non-empty lines of standard error.</summary>
    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <inheritdoc />
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}
