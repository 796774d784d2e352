using Microsoft.Extensions.Logging;

namespace Benny.Engines.Gguf.Native;

/// <summary>
/// Decides the level of a llama.cpp log line: what llama.cpp reports as a warning or an error is logged at Debug when
/// it is expected — the lines a decode writes when Benny aborted it on purpose (a cancelled request, disposal), and load
/// warnings that change nothing.
/// </summary>
/// <remarks>
/// An aborted <c>llama_decode</c> logs <c>graph_compute: ... failed with error 1</c>, <c>process_ubatch: failed to compute
/// graph</c> (errors), <c>decode: removing memory module entries</c> (a warning) and <c>llama_decode: failed to decode,
/// ret = 2</c> (an error), all on the thread that called it. The decode thread marks its call with
/// <see cref="EnterDecode"/>; once its abort callback answers "abort", every line of that call is expected. A decode
/// that fails on its own keeps its error lines.
/// </remarks>
internal static class NativeLogPolicy
{
    // Load warnings that leave the model as it would be without them: "bad special token: '...' = 4294967295, using
    // default id -1" is the converter's way of writing "no such token".
    private static readonly string[] s_harmlessLoadWarnings = ["load: bad special token:"];

    [ThreadStatic]
    private static DecodeCall? t_decode;

    /// <summary>Marks the calling thread as running <paramref name="call"/> until <see cref="ExitDecode"/>.</summary>
    public static void EnterDecode(DecodeCall call) => t_decode = call;

    /// <summary>Ends the mark of <see cref="EnterDecode"/>.</summary>
    public static void ExitDecode() => t_decode = null;

    /// <summary>Gets the level to log <paramref name="line"/> at, reported by llama.cpp at <paramref name="level"/>.</summary>
    public static LogLevel Adjust(LogLevel level, string line)
    {
        if (level < LogLevel.Warning)
        {
            return level;
        }

        if (t_decode is { AbortRequested: true })
        {
            return LogLevel.Debug;
        }

        foreach (string prefix in s_harmlessLoadWarnings)
        {
            if (level == LogLevel.Warning && line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return LogLevel.Debug;
            }
        }

        return level;
    }

    /// <summary>One <c>llama_decode</c> call: whether its abort callback asked llama.cpp to stop (set from any thread).</summary>
    internal sealed class DecodeCall
    {
        private volatile bool _abortRequested;

        /// <summary>Gets whether the abort callback answered "abort" during this call.</summary>
        public bool AbortRequested => _abortRequested;

        /// <summary>Records that the abort callback answered "abort".</summary>
        public void RequestAbort() => _abortRequested = true;

        /// <summary>Clears the record for the next call.</summary>
        public void Reset() => _abortRequested = false;
    }
}
