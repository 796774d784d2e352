using LLama.Native;

namespace Benny.Benchmarks.Peers;

/// <summary>
/// Points LLamaSharp at its own natives. The benchmark project copies LLamaSharp.Backend.Cpu's libraries into
/// <c>llamasharp/runtimes/...</c> beside the application instead of <c>runtimes/...</c> (see Benny.Benchmarks.csproj),
/// so the GGUF engine's resolver, which searches <c>runtimes/&lt;rid&gt;/native</c>, can never find them.
/// </summary>
internal static class LLamaSharpNatives
{
    /// <summary>The folder (under the application folder) that holds LLamaSharp's <c>runtimes</c> tree.</summary>
    public const string Folder = "llamasharp";

    private static readonly object Gate = new();
    private static bool s_configured;

    /// <summary>Configures LLamaSharp's loader once (before its first native call) and claims the process for its build.</summary>
    public static void Configure()
    {
        ProcessNatives.Claim(ProcessNatives.LLamaSharp);
        lock (Gate)
        {
            if (s_configured)
            {
                return;
            }

            NativeLibraryConfig.All
                .WithSearchDirectory(Path.Combine(AppContext.BaseDirectory, Folder))
                .WithLogCallback(static (level, message) =>
                {
                    if (level == LLamaLogLevel.Error)
                    {
                        Console.Error.Write("// LLamaSharp: " + message);
                    }
                });
            s_configured = true;
        }
    }
}
