using System.Runtime.InteropServices;

namespace Benny.Engines.Gguf.Native;

/// <summary>llama.h: samplers and sampler chains.</summary>
internal static unsafe partial class Interop
{
    /// <summary>Creates an empty sampler chain that owns the samplers added to it.</summary>
    public static SafeLlamaSamplerHandle SamplerChainInit()
    {
        LlamaSamplerChainParams parameters = llama_sampler_chain_default_params();
        parameters.NoPerf = 1;
        return Checked(llama_sampler_chain_init(parameters), "llama_sampler_chain_init");
    }

    /// <summary>Adds a sampler to a chain; the chain takes ownership of it.</summary>
    public static void SamplerChainAdd(SafeLlamaSamplerHandle chain, nint sampler)
    {
        if (sampler == 0)
        {
            throw new InvalidOperationException("A llama.cpp sampler could not be created (its init function returned NULL; llama.cpp's log says why, for example a grammar that does not parse).");
        }

        llama_sampler_chain_add(chain, sampler);
    }

    /// <summary>Greedy (arg-max) sampler.</summary>
    public static nint SamplerGreedy() => llama_sampler_init_greedy();

    /// <summary>Random sampling from the distribution, with a seed.</summary>
    public static nint SamplerDistribution(uint seed) => llama_sampler_init_dist(seed);

    /// <summary>Temperature.</summary>
    public static nint SamplerTemperature(float temperature) => llama_sampler_init_temp(temperature);

    /// <summary>Top-k.</summary>
    public static nint SamplerTopK(int k) => llama_sampler_init_top_k(k);

    /// <summary>Top-p (nucleus).</summary>
    public static nint SamplerTopP(float p) => llama_sampler_init_top_p(p, 1);

    /// <summary>Min-p.</summary>
    public static nint SamplerMinP(float p) => llama_sampler_init_min_p(p, 1);

    /// <summary>Repetition, frequency and presence penalties over the last <paramref name="lastN"/> tokens.</summary>
    public static nint SamplerPenalties(int vocabSize, int lastN, float repeat, float frequency, float presence)
        => llama_sampler_init_penalties(vocabSize, lastN, repeat, frequency, presence);

    /// <summary>A GBNF grammar constraint.</summary>
    public static nint SamplerGrammar(nint vocab, string grammar, string root) => llama_sampler_init_grammar(vocab, grammar, root);

    /// <summary>A GBNF grammar constraint on its own (outside a chain), owned by the returned handle.</summary>
    /// <exception cref="InvalidOperationException">llama.cpp could not parse the grammar (its log says why).</exception>
    public static SafeLlamaSamplerHandle SamplerGrammarOwned(nint vocab, string grammar, string root)
    {
        SafeLlamaSamplerHandle handle = llama_sampler_init_grammar_owned(vocab, grammar, root);
        if (handle.IsInvalid)
        {
            handle.Dispose();
            throw new InvalidOperationException("llama.cpp could not parse the GBNF grammar (llama_sampler_init_grammar returned NULL; llama.cpp's log says why).");
        }

        return handle;
    }

    /// <summary>
    /// A lazy GBNF grammar, owned by the returned handle: it lets every token through until the generated text matches
    /// one of <paramref name="triggerPatterns"/> (regular expressions, searched from the start of the output), then
    /// constrains what follows, fed from the match (or its first capture group) on.
    /// </summary>
    /// <exception cref="InvalidOperationException">llama.cpp could not parse the grammar (its log says why).</exception>
    public static SafeLlamaSamplerHandle SamplerGrammarLazyOwned(nint vocab, string grammar, string root, IReadOnlyList<string> triggerPatterns)
    {
        var strings = new nint[triggerPatterns.Count];
        try
        {
            for (int i = 0; i < strings.Length; i++)
            {
                strings[i] = Marshal.StringToCoTaskMemUTF8(triggerPatterns[i]);
            }

            SafeLlamaSamplerHandle handle;
            fixed (nint* patterns = strings)
            {
                handle = llama_sampler_init_grammar_lazy_patterns(vocab, grammar, root, (byte**)patterns, (nuint)strings.Length, null, 0);
            }

            if (handle.IsInvalid)
            {
                handle.Dispose();
                throw new InvalidOperationException("llama.cpp could not create the lazy grammar (llama_sampler_init_grammar_lazy_patterns returned NULL; llama.cpp's log says why).");
            }

            return handle;
        }
        finally
        {
            foreach (nint pointer in strings)
            {
                Marshal.FreeCoTaskMem(pointer);
            }
        }
    }

    /// <summary>Applies a sampler (or chain) to the candidates: filters, reweights, or selects one (<see cref="LlamaTokenDataArray.Selected"/>).</summary>
    public static void SamplerApply(SafeLlamaSamplerHandle sampler, LlamaTokenDataArray* candidates) => llama_sampler_apply(sampler, candidates);

    /// <summary>Tells a sampler (or chain) which token was chosen: grammar state, penalty history.</summary>
    public static void SamplerAccept(SafeLlamaSamplerHandle sampler, int token) => llama_sampler_accept(sampler, token);

    /// <summary>Samples a token from output row <paramref name="index"/> of the last decode and accepts it into the chain.</summary>
    public static int SamplerSample(SafeLlamaSamplerHandle sampler, SafeLlamaContextHandle context, int index) => llama_sampler_sample(sampler, context, index);

    /// <summary>Resets the chain's state (penalty history, grammar state).</summary>
    public static void SamplerReset(SafeLlamaSamplerHandle sampler) => llama_sampler_reset(sampler);

    /// <summary>Frees a sampler (called by <see cref="SafeLlamaSamplerHandle"/>).</summary>
    public static void SamplerFree(nint sampler) => llama_sampler_free(sampler);

    private static SafeLlamaSamplerHandle Checked(SafeLlamaSamplerHandle handle, string function)
    {
        if (handle.IsInvalid)
        {
            handle.Dispose();
            throw new InvalidOperationException($"{function} returned NULL.");
        }

        return handle;
    }

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial LlamaSamplerChainParams llama_sampler_chain_default_params();

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial SafeLlamaSamplerHandle llama_sampler_chain_init(LlamaSamplerChainParams parameters);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial void llama_sampler_chain_add(SafeLlamaSamplerHandle chain, nint sampler);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial nint llama_sampler_init_greedy();

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial nint llama_sampler_init_dist(uint seed);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial nint llama_sampler_init_temp(float temperature);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial nint llama_sampler_init_top_k(int k);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial nint llama_sampler_init_top_p(float p, nuint minKeep);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial nint llama_sampler_init_min_p(float p, nuint minKeep);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial nint llama_sampler_init_penalties(int vocabSize, int lastN, float repeat, float frequency, float presence);

    [LibraryImport(LlamaLibraryNames.Llama, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint llama_sampler_init_grammar(nint vocab, string grammar, string root);

    [LibraryImport(LlamaLibraryNames.Llama, EntryPoint = "llama_sampler_init_grammar", StringMarshalling = StringMarshalling.Utf8)]
    private static partial SafeLlamaSamplerHandle llama_sampler_init_grammar_owned(nint vocab, string grammar, string root);

    [LibraryImport(LlamaLibraryNames.Llama, StringMarshalling = StringMarshalling.Utf8)]
    private static partial SafeLlamaSamplerHandle llama_sampler_init_grammar_lazy_patterns(
        nint vocab, string grammar, string root, byte** triggerPatterns, nuint patternCount, int* triggerTokens, nuint tokenCount);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial void llama_sampler_apply(SafeLlamaSamplerHandle sampler, LlamaTokenDataArray* candidates);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial void llama_sampler_accept(SafeLlamaSamplerHandle sampler, int token);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial int llama_sampler_sample(SafeLlamaSamplerHandle sampler, SafeLlamaContextHandle context, int index);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial void llama_sampler_reset(SafeLlamaSamplerHandle sampler);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial void llama_sampler_free(nint sampler);
}
