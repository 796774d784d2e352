using Benny.Engines.Gguf.Native;

namespace Benny.Engines.Gguf.Inference;

/// <summary>
/// Selects the highest-ranked candidates of a logits row without sorting the whole vocabulary: a bounded min-heap
/// keeps the best <c>count</c> tokens in one pass, then only those are sorted.
/// </summary>
/// <remarks>
/// The rank is logit descending, then token id ascending, so that ties resolve the way llama.cpp's greedy sampler
/// resolves them on a vocabulary in id order (the first maximum wins). Selecting 256 of 151,936 tokens this way costs a
/// fraction of a millisecond; sorting them all would cost several.
/// </remarks>
internal static unsafe class RankedCandidates
{
    /// <summary>
    /// Writes the <paramref name="destination"/>.Length best tokens of <paramref name="logits"/> (of
    /// <paramref name="vocabularySize"/> entries) into <paramref name="destination"/>, best first.
    /// </summary>
    /// <returns>How many were written: the destination's length, or the vocabulary size when that is smaller.</returns>
    public static int SelectTop(float* logits, int vocabularySize, Span<LlamaTokenData> destination)
    {
        int capacity = Math.Min(destination.Length, vocabularySize);
        Span<LlamaTokenData> heap = destination[..capacity];

        // Fill, then heapify: the root is the worst kept candidate.
        for (int i = 0; i < capacity; i++)
        {
            heap[i] = new LlamaTokenData { Id = i, Logit = logits[i] };
        }

        for (int i = capacity / 2 - 1; i >= 0; i--)
        {
            SiftDown(heap, i);
        }

        for (int i = capacity; i < vocabularySize; i++)
        {
            float logit = logits[i];

            // A later id with an equal logit ranks lower, so only a strictly greater logit displaces the root.
            if (logit > heap[0].Logit)
            {
                heap[0] = new LlamaTokenData { Id = i, Logit = logit };
                SiftDown(heap, 0);
            }
        }

        heap.Sort(static (a, b) => Ranks(b, a) ? 1 : Ranks(a, b) ? -1 : 0);
        return capacity;
    }

    /// <summary>Whether <paramref name="a"/> ranks above <paramref name="b"/>.</summary>
    private static bool Ranks(in LlamaTokenData a, in LlamaTokenData b) => a.Logit > b.Logit || (a.Logit == b.Logit && a.Id < b.Id);

    private static void SiftDown(Span<LlamaTokenData> heap, int index)
    {
        while (true)
        {
            int worst = index;
            int left = 2 * index + 1;
            int right = left + 1;
            if (left < heap.Length && Ranks(heap[worst], heap[left]))
            {
                worst = left;
            }

            if (right < heap.Length && Ranks(heap[worst], heap[right]))
            {
                worst = right;
            }

            if (worst == index)
            {
                return;
            }

            (heap[index], heap[worst]) = (heap[worst], heap[index]);
            index = worst;
        }
    }
}
