using Microsoft.Extensions.AI;

namespace Benny.Engines.Gguf.Inference;

/// <summary>One <see cref="GgufEmbeddingGenerator.GenerateAsync"/> call, run on the generator's worker thread.</summary>
internal sealed class EmbeddingJob(string[] inputs, CancellationToken cancellation)
{
    public string[] Inputs { get; } = inputs;

    public CancellationToken Cancellation { get; } = cancellation;

    public TaskCompletionSource<GeneratedEmbeddings<Embedding<float>>> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
