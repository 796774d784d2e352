using Microsoft.Extensions.Logging;

namespace Benny.Engines.Gguf.Native;

/// <summary>Log events for llama.cpp's own log lines.</summary>
internal static partial class NativeLog
{
    [LoggerMessage(EventId = 900, Message = "llama.cpp: {Line}")]
    public static partial void Line(ILogger logger, LogLevel level, string line);
}
