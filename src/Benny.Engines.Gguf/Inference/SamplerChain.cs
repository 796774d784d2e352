using Benny.Engines.Gguf.Native;

namespace Benny.Engines.Gguf.Inference;

/// <summary>Builds a native sampler chain from <see cref="SamplerSettings"/>.</summary>
internal static class SamplerChain
{
    /// <summary>Builds the chain: grammar, penalties, top-k, top-p, min-p, temperature, then greedy or seeded selection.</summary>
    public static SafeLlamaSamplerHandle Build(SamplerSettings settings, nint vocab, int vocabularySize)
    {
        SafeLlamaSamplerHandle chain = Interop.SamplerChainInit();
        try
        {
            if (settings.Grammar is { } grammar)
            {
                Interop.SamplerChainAdd(chain, Interop.SamplerGrammar(vocab, grammar, "root"));
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
