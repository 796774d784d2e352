using Benny.Engines.OpenVino.Native;

namespace Benny.Engines.OpenVino;

/// <summary>Where the public entry points (<see cref="OpenVinoChatClient.LoadAsync(string, OpenVinoEngineOptions?, Microsoft.Extensions.Logging.ILoggerFactory?, CancellationToken)"/>, <see cref="OpenVinoEngineProvider"/>) get the runtime.</summary>
internal static class OpenVinoRuntimeFactory
{
    /// <summary>
    /// Gets the runtime factory: takes <see cref="OpenVinoEngineOptions.NativeLibraryDirectory"/> (<see langword="null"/> = the
    /// default search) and returns the runtime bound to the OpenVINO GenAI C API, loading the natives on first use
    /// (a <see cref="DllNotFoundException"/> lists every folder searched and how to install the runtime). It is called on
    /// the load thread, never on the caller's. Tests replace it through the internal overloads that take a factory.
    /// </summary>
    public static Func<string?, IGenAiRuntime> Default { get; } = static directory => new NativeGenAiRuntime(directory);
}
