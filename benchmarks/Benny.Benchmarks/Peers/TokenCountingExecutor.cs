using System.Runtime.CompilerServices;
using LLama;
using LLama.Abstractions;
using LLama.Native;

namespace Benny.Benchmarks.Peers;

/// <summary>
/// Counts the tokens an LLamaSharp executor generates (its <c>InferAsync</c> yields once per token) for a chat client
/// that reports no usage. Forwards everything else.
/// </summary>
internal sealed class TokenCountingExecutor(ILLamaExecutor inner) : ILLamaExecutor
{
    /// <summary>Gets the tokens yielded since the last <see cref="Reset"/>.</summary>
    public int Tokens { get; private set; }

    /// <inheritdoc />
    public LLamaContext Context => inner.Context;

    /// <inheritdoc />
    public bool IsMultiModal => inner.IsMultiModal;

    /// <inheritdoc />
    public MtmdWeights? ClipModel => inner.ClipModel;

    /// <inheritdoc />
    public List<SafeMtmdEmbed> Embeds => inner.Embeds;

    /// <summary>Sets <see cref="Tokens"/> back to 0.</summary>
    public void Reset() => Tokens = 0;

    /// <inheritdoc />
    public async IAsyncEnumerable<string> InferAsync(string text, IInferenceParams? inferenceParams = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (string piece in inner.InferAsync(text, inferenceParams, cancellationToken).ConfigureAwait(false))
        {
            Tokens++;
            yield return piece;
        }
    }
}
