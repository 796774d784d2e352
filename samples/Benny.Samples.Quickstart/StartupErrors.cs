using Benny.Engines.Gguf.Format;
using Benny.Runtime.Hosting;
using Benny.Runtime.Prompts;
using Benny.Runtime.Registry;
using Benny.Runtime.Routing;
using Microsoft.Extensions.Options;

namespace Benny.Samples.Quickstart;

/// <summary>
/// Turns the errors a user can fix (a bad configuration, a model file that is missing or not a model) into one line
/// for the console. Anything else is a bug and keeps its stack trace.
/// </summary>
internal static class StartupErrors
{
    /// <summary>Describes <paramref name="exception"/> in one line, when it is an error the user can fix.</summary>
    /// <param name="exception">The exception that ended the sample.</param>
    /// <param name="modelSource">Where the models' settings came from (<c>--model x.gguf</c>, a configuration file), named in model errors.</param>
    /// <returns>The line, or <see langword="null"/> when the exception is not one the user can fix.</returns>
    public static string? Describe(Exception exception, string modelSource)
    {
        string? text = exception switch
        {
            ConfigurationFileException e => e.Message,
            OptionsValidationException e => $"The configuration is invalid ({modelSource}): {string.Join(" ", e.Failures.Select(EndSentence))}",
            ModelLoadException { InnerException: (FileNotFoundException or DirectoryNotFoundException) and { } inner } e
                => $"Model '{e.ModelName}' could not be loaded ({modelSource}): {inner.Message}",
            ModelLoadException { InnerException: GgufFormatException inner } e
                => $"Model '{e.ModelName}' could not be loaded ({modelSource}): {inner.Message} Give the path of a GGUF model file.",
            ModelLoadException e => $"{e.Message} ({modelSource})",
            ModelRegistryException or UnknownModelException or RegistryImportException or PromptFormatException or TierRoutingException
                => $"{exception.Message} ({modelSource})",
            GgufFormatException or IOException or UnauthorizedAccessException => exception.Message,
            _ => null,
        };
        return text is null ? null : OneLine(text);
    }

    private static string EndSentence(string text) => text.TrimEnd().EndsWith('.') ? text.TrimEnd() : text.TrimEnd() + ".";

    private static string OneLine(string text) => string.Join(" ", text.Split((char[])['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
