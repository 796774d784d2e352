namespace Benny.Engines.OpenVino.Native;

/// <summary>A compiled OpenVINO GenAI LLM pipeline. Not thread-safe: one call at a time (the engine serializes).</summary>
internal interface IGenAiPipeline : IDisposable
{
    /// <summary>Generates, streaming text pieces to <paramref name="onText"/> (blocking until generation ends).</summary>
    /// <param name="request">The prompt or chat history and the generation settings.</param>
    /// <param name="onText">Receives each decoded text piece, in order; returns whether to go on, stop or cancel.</param>
    /// <returns>The whole text and the performance metrics.</returns>
    /// <exception cref="OpenVinoException">The runtime failed.</exception>
    GenAiResult Generate(GenAiRequest request, Func<string, GenAiStreamingStatus> onText);
}
