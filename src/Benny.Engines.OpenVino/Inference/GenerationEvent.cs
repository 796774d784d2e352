using Benny.Engines.OpenVino.Native;

namespace Benny.Engines.OpenVino.Inference;

/// <summary>What the worker thread sends a request's stream: text pieces, then the result.</summary>
internal abstract record GenerationEvent
{
    private GenerationEvent()
    {
    }

    /// <summary>A decoded text piece.</summary>
    public sealed record Text(string Value) : GenerationEvent;

    /// <summary>Generation ended normally.</summary>
    public sealed record Completed(GenAiResult Result) : GenerationEvent;
}
