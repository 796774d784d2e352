using Benny.Engines.Gguf.Format;
using Benny.Runtime.Hosting;
using Benny.Runtime.Provisioning;
using Benny.Runtime.Registry;
using Microsoft.Extensions.Options;

namespace Benny.Cli;

/// <summary>Turns an exception into one line on standard error (<c>benny: message</c>) and an exit code.</summary>
internal static class CliErrors
{
    /// <summary>Writes the error and returns the exit code.</summary>
    public static int Report(Exception exception, CliConsole console)
    {
        if (exception is OperationCanceledException)
        {
            console.Error.WriteLine("benny: cancelled.");
            return ExitCodes.Cancelled;
        }

        string line = Describe(exception);
        if (!IsKnown(exception))
        {
            line = $"unexpected {exception.GetType().Name}: {line}" + (console.Verbose ? "" : " (--verbose shows the stack trace)");
        }

        console.Error.WriteLine("benny: " + line);
        if (console.Verbose)
        {
            console.Error.WriteLine(exception.ToString());
        }

        return exception is CliException cli ? cli.ExitCode : ExitCodes.Failure;
    }

    /// <summary>The exception's message on one line; the innermost cause is added when the message does not carry it.</summary>
    public static string Describe(Exception exception)
    {
        string message = exception.Message;
        Exception? inner = exception.InnerException;
        while (inner?.InnerException is not null && exception is not CliException)
        {
            inner = inner.InnerException;
        }

        if (exception is not CliException && inner is not null && !message.Contains(inner.Message, StringComparison.Ordinal))
        {
            message = $"{message.TrimEnd('.')}: {inner.Message}";
        }

        return OneLine(message);
    }

    /// <summary>Joins the lines of a message with spaces.</summary>
    public static string OneLine(string text)
        => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static bool IsKnown(Exception exception) => exception is CliException
        or OptionsValidationException
        or ModelRegistryException
        or RegistryImportException
        or UnknownModelException
        or ModelLoadException
        or ModelDownloadException
        or GgufFormatException
        or FileNotFoundException
        or DirectoryNotFoundException
        or DllNotFoundException
        or UnauthorizedAccessException
        or IOException
        or NotSupportedException
        or InvalidOperationException
        or ArgumentException
        or FormatException
        or HttpRequestException;
}
