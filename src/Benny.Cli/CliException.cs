namespace Benny.Cli;

/// <summary>A failure a command reports as one line (<c>benny: message</c>) and an exit code.</summary>
internal sealed class CliException : Exception
{
    public CliException()
    {
    }

    public CliException(string message)
        : base(message)
    {
    }

    public CliException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public CliException(string message, int exitCode)
        : base(message) => ExitCode = exitCode;

    /// <summary>Gets the exit code (<see cref="ExitCodes.Failure"/> unless it is a usage error).</summary>
    public int ExitCode { get; } = ExitCodes.Failure;

    /// <summary>A command-line mistake the parser cannot see (exit code 2).</summary>
    public static CliException Usage(string message) => new(message, ExitCodes.Usage);
}
