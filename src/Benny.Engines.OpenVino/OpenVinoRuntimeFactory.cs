using Benny.Engines.OpenVino.Native;

namespace Benny.Engines.OpenVino;

/// <summary>Where the public entry points (<see cref="OpenVinoChatClient.LoadAsync(string, OpenVinoEngineOptions?, Microsoft.Extensions.Logging.ILoggerFactory?, CancellationToken)"/>, <see cref="OpenVinoEngineProvider"/>) get the runtime.</summary>
internal static class OpenVinoRuntimeFactory
{
    /// <summary>
    /// Gets the runtime factory: takes <see cref="OpenVinoEngineOptions.NativeLibraryDirectory"/> (<see langword="null"/> = the
    /// default search) and returns the loaded runtime. It is called on the load thread, never on the caller's.
    /// </summary>
    public static Func<string?, IGenAiRuntime> Default { get; } = Unavailable;

    // Placeholder until the native binding (NativeGenAiRuntime) is wired in here.
    private static IGenAiRuntime Unavailable(string? nativeLibraryDirectory)
        => throw new DllNotFoundException("The OpenVINO GenAI runtime binding is not available yet");
}
