using Benny.Engines.Gguf.Native;

namespace Benny.Engines.Gguf.Inference;

/// <summary>
/// One request's native sampling: a llama.cpp sampler chain built from <see cref="SamplerSettings"/> (penalties,
/// top-k, top-p, min-p, temperature, then greedy or seeded selection) and, when the request has a grammar, a grammar
/// sampler beside it. Used by the decode thread only.
/// </summary>
/// <remarks>
/// <para>
/// With a grammar, a token is sampled the way llama.cpp's own common sampler does it: the chain picks a token from the
/// unconstrained candidates; the grammar checks that single token; only when it is rejected is the grammar applied to
/// the whole vocabulary and the chain run again on what remains. Checking one token costs a fraction of checking all
/// of them (the grammar matches each candidate's text against its parse stacks), and most tokens pass.
/// </para>
/// <para>
/// For greedy decoding this picks exactly the token that grammar-first sampling picks: the arg-max of the
/// unconstrained candidates, when the grammar allows it, is also the arg-max of the allowed ones. For random sampling
/// the distribution differs from grammar-first sampling (a token the grammar allows keeps its unconstrained
/// probability on the first draw; it is the same trade llama.cpp makes), but every token still satisfies the grammar.
/// <see cref="SamplerSettings.GrammarFirst"/> restores grammar-first sampling.
/// </para>
/// </remarks>
internal sealed unsafe class SamplerChain : IDisposable
{
    private readonly SafeLlamaSamplerHandle _chain;
    private readonly SafeLlamaSamplerHandle? _grammar;
    private readonly LlamaTokenData[] _candidates;

    // How many of the best-ranked candidates a resample tries before it falls back to the whole vocabulary, and how many
    // of them the grammar must allow for the chain to see exactly what it would see on the filtered vocabulary: one for
    // greedy selection, top-k for random selection (top-k is the first step of the chain). 0 = no ranked resample.
    private readonly int _needed;

    private SamplerChain(SafeLlamaSamplerHandle chain, SafeLlamaSamplerHandle? grammar, int vocabularySize, int needed)
    {
        _chain = chain;
        _grammar = grammar;
        _candidates = grammar is null ? [] : new LlamaTokenData[vocabularySize];
        _needed = needed;
    }

    /// <summary>The sizes of the ranked windows a resample tries, in order, before the whole vocabulary.</summary>
    internal static ReadOnlySpan<int> RankedWindows => [256, 4096];

    /// <summary>
    /// Gets or sets whether a rejected pick is resampled from the best-ranked candidates first (the default). Tests turn it
    /// off to compare against the whole-vocabulary pass, which must choose the same token.
    /// </summary>
    internal static bool RankedResample { get; set; } = true;

    /// <summary>Gets how many resamples in this process were settled by a ranked window (tests check that the path ran).</summary>
    internal static long RankedResamplesSettled => Interlocked.Read(ref s_rankedResamplesSettled);

    private static long s_rankedResamplesSettled;

    /// <summary>Gets how many tokens the grammar rejected after the chain chose them (each one costs a whole-vocabulary pass).</summary>
    public int Resamples { get; private set; }

    /// <summary>Builds the samplers for <paramref name="settings"/>.</summary>
    /// <exception cref="InvalidOperationException">llama.cpp could not create a sampler (for example, a grammar that does not parse).</exception>
    public static SamplerChain Create(SamplerSettings settings, nint vocab, int vocabularySize)
    {
        // A lazy grammar (tool calls) always checks the chain's pick: until its trigger it lets every token through anyway.
        bool grammarInChain = settings.Grammar is not null && settings.GrammarFirst && settings.GrammarTriggers is null;
        SafeLlamaSamplerHandle chain = BuildChain(settings, vocab, vocabularySize, grammarInChain);
        try
        {
            SafeLlamaSamplerHandle? grammar = settings.Grammar is not { } text || grammarInChain ? null
                : settings.GrammarTriggers is { } triggers ? Interop.SamplerGrammarLazyOwned(vocab, text, "root", triggers)
                : Interop.SamplerGrammarOwned(vocab, text, "root");
            return new SamplerChain(chain, grammar, vocabularySize, RankedNeed(settings));
        }
        catch
        {
            chain.Dispose();
            throw;
        }
    }

    /// <summary>Samples the next token from output row <paramref name="index"/> of the last decode and accepts it into every sampler.</summary>
    public int Sample(SafeLlamaContextHandle context, int index)
    {
        if (_grammar is null)
        {
            return Interop.SamplerSample(_chain, context, index);
        }

        float* logits = Interop.Logits(context, index);
        fixed (LlamaTokenData* data = _candidates)
        {
            var candidates = Fill(data, logits);
            Interop.SamplerApply(_chain, &candidates);
            int token = candidates.Data[candidates.Selected].Id;

            var single = new LlamaTokenData { Id = token, Logit = 1f };
            var one = new LlamaTokenDataArray { Data = &single, Size = 1, Selected = -1 };
            Interop.SamplerApply(_grammar, &one);
            if (float.IsNegativeInfinity(single.Logit))
            {
                Resamples++;
                token = _needed > 0 && RankedResample ? ResampleRanked(data, logits) : -1;
                if (token < 0)
                {
                    candidates = Fill(data, logits);
                    Interop.SamplerApply(_grammar, &candidates);
                    Interop.SamplerApply(_chain, &candidates);
                    token = candidates.Data[candidates.Selected].Id;
                }
            }

            Interop.SamplerAccept(_grammar, token);
            Interop.SamplerAccept(_chain, token);
            return token;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _chain.Dispose();
        _grammar?.Dispose();
    }

    /// <summary>
    /// How many allowed candidates a ranked resample needs so that the chain's choice equals its choice on the whole
    /// filtered vocabulary, or 0 when no window can guarantee that (penalties change logits by history before ranking;
    /// random selection without top-k weighs every allowed token).
    /// </summary>
    private static int RankedNeed(SamplerSettings settings) =>
        settings.HasPenalties ? 0 : settings.Greedy ? 1 : settings.TopK;

    /// <summary>
    /// Resamples after a rejection from the best-ranked candidates: the grammar filters a window of them, and when it
    /// allows at least <see cref="_needed"/>, the chain runs on the allowed ones in rank order. Every token outside the
    /// window ranks below every allowed one inside it, so greedy selection (and top-k, the chain's first step) keeps
    /// exactly what it keeps on the whole filtered vocabulary. Returns -1 when no window allows enough.
    /// </summary>
    private int ResampleRanked(LlamaTokenData* data, float* logits)
    {
        foreach (int window in RankedWindows)
        {
            if (window >= _candidates.Length)
            {
                break;
            }

            int count = RankedCandidates.SelectTop(logits, _candidates.Length, new Span<LlamaTokenData>(data, window));
            var ranked = new LlamaTokenDataArray { Data = data, Size = (nuint)count, Selected = -1, Sorted = 1 };
            Interop.SamplerApply(_grammar!, &ranked);

            // The grammar sets rejected logits to minus infinity and keeps the order; compact the allowed ones.
            LlamaTokenData* filtered = ranked.Data;
            int allowed = 0;
            for (int i = 0; i < count; i++)
            {
                if (!float.IsNegativeInfinity(filtered[i].Logit))
                {
                    data[allowed++] = filtered[i];
                }
            }

            if (allowed >= _needed)
            {
                var chosen = new LlamaTokenDataArray { Data = data, Size = (nuint)allowed, Selected = -1, Sorted = 1 };
                Interop.SamplerApply(_chain, &chosen);
                Interlocked.Increment(ref s_rankedResamplesSettled);
                return chosen.Data[chosen.Selected].Id;
            }
        }

        return -1;
    }

    private LlamaTokenDataArray Fill(LlamaTokenData* data, float* logits)
    {
        for (int i = 0; i < _candidates.Length; i++)
        {
            data[i] = new LlamaTokenData { Id = i, Logit = logits[i] };
        }

        return new LlamaTokenDataArray { Data = data, Size = (nuint)_candidates.Length, Selected = -1 };
    }

    private static SafeLlamaSamplerHandle BuildChain(SamplerSettings settings, nint vocab, int vocabularySize, bool withGrammar)
    {
        SafeLlamaSamplerHandle chain = Interop.SamplerChainInit();
        try
        {
            if (withGrammar)
            {
                Interop.SamplerChainAdd(chain, Interop.SamplerGrammar(vocab, settings.Grammar!, "root"));
            }

            if (settings.HasPenalties)
            {
                Interop.SamplerChainAdd(chain, Interop.SamplerPenalties(vocabularySize, settings.PenaltyWindow, settings.RepetitionPenalty, settings.FrequencyPenalty, settings.PresencePenalty));
            }

            if (settings.Greedy)
            {
                Interop.SamplerChainAdd(chain, Interop.SamplerGreedy());
                return chain;
            }

            if (settings.TopK > 0)
            {
                Interop.SamplerChainAdd(chain, Interop.SamplerTopK(settings.TopK));
            }

            if (settings.TopP < 1f)
            {
                Interop.SamplerChainAdd(chain, Interop.SamplerTopP(settings.TopP));
            }

            if (settings.MinP > 0f)
            {
                Interop.SamplerChainAdd(chain, Interop.SamplerMinP(settings.MinP));
            }

            Interop.SamplerChainAdd(chain, Interop.SamplerTemperature(settings.Temperature));
            Interop.SamplerChainAdd(chain, Interop.SamplerDistribution(settings.Seed));
            return chain;
        }
        catch
        {
            chain.Dispose();
            throw;
        }
    }
}
