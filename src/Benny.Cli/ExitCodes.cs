namespace Benny.Cli;

/// <summary>The exit codes of <c>benny</c>.</summary>
public static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>The command failed: a model, file, configuration value, download or check was wrong (the error line says which).</summary>
    public const int Failure = 1;

    /// <summary>The command line was wrong: an unknown command or option, a missing or malformed argument.</summary>
    public const int Usage = 2;

    /// <summary>The command was cancelled (Ctrl+C).</summary>
    public const int Cancelled = 130;
}
