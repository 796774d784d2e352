namespace Benny.Engines.Gguf.Inference;

/// <summary>
/// One sequence id of the context and what its KV cache holds: the tokens at positions 0..n-1, kept after a request
/// ends so the next request can reuse the longest common prefix. Holds the <see cref="ActiveRequest"/> while one runs.
/// </summary>
internal sealed class SequenceSlot(int sequenceId)
{
    public int SequenceId { get; } = sequenceId;

    /// <summary>Gets the tokens in the KV cache for this sequence, by position.</summary>
    public List<int> Tokens { get; } = [];

    /// <summary>Gets or sets the running request, or <see langword="null"/> when the slot is idle.</summary>
    public ActiveRequest? Request { get; set; }

    /// <summary>Gets or sets when the slot last ended a request (a step counter; the least recent cache is evicted first).</summary>
    public long LastUsed { get; set; }

    /// <summary>Gets the length of the common prefix of <see cref="Tokens"/> and <paramref name="prompt"/>.</summary>
    public int CommonPrefix(int[] prompt)
    {
        int n = Math.Min(Tokens.Count, prompt.Length);
        int i = 0;
        while (i < n && Tokens[i] == prompt[i])
        {
            i++;
        }

        return i;
    }
}
