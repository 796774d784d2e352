using System.Text;
using Benny.Engines.Gguf.Native;

namespace Benny.Engines.Gguf.Tests.Support;

/// <summary>
/// Asks llama.cpp itself whether a GBNF grammar accepts a text: the text is tokenized with the qwen2 vocabulary (no
/// weights) and fed token by token to a grammar sampler, each token checked as a one-candidate array before it is
/// accepted; at the end the end-of-generation token must be allowed (the grammar is complete).
/// </summary>
internal static unsafe class GrammarAcceptor
{
    private static readonly Lazy<(SafeLlamaModelHandle Model, nint Vocab)> Vocabulary = new(() =>
    {
        LlamaNativeLibrary.EnsureLoaded(null, null);
        LlamaModelParams parameters = Interop.ModelDefaultParams();
        parameters.VocabOnly = 1;
        SafeLlamaModelHandle model = Interop.ModelLoadFromFile(TestPaths.Shared("vocab", "ggml-vocab-qwen2.gguf"), parameters);
        return (model, Interop.ModelGetVocab(model));
    });

    private static readonly object Gate = new();

    /// <summary>Whether <paramref name="grammar"/> accepts exactly <paramref name="text"/>.</summary>
    /// <exception cref="InvalidOperationException">llama.cpp could not parse the grammar.</exception>
    public static bool Accepts(string grammar, string text)
    {
        lock (Gate)
        {
            nint vocab = Vocabulary.Value.Vocab;
            using SafeLlamaSamplerHandle sampler = Interop.SamplerGrammarOwned(vocab, grammar, "root");
            foreach (int token in Interop.Tokenize(vocab, Encoding.UTF8.GetBytes(text), addSpecial: false, parseSpecial: false))
            {
                if (!Allows(sampler, token))
                {
                    return false;
                }

                Interop.SamplerAccept(sampler, token);
            }

            return Allows(sampler, Interop.VocabEos(vocab));
        }
    }

    /// <summary>Whether llama.cpp parses <paramref name="grammar"/>.</summary>
    public static bool Parses(string grammar)
    {
        lock (Gate)
        {
            try
            {
                using SafeLlamaSamplerHandle sampler = Interop.SamplerGrammarOwned(Vocabulary.Value.Vocab, grammar, "root");
                return true;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }
    }

    private static bool Allows(SafeLlamaSamplerHandle sampler, int token)
    {
        var single = new LlamaTokenData { Id = token, Logit = 1f };
        var one = new LlamaTokenDataArray { Data = &single, Size = 1, Selected = -1 };
        Interop.SamplerApply(sampler, &one);
        return !float.IsNegativeInfinity(single.Logit);
    }
}
