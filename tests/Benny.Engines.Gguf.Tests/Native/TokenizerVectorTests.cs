using System.Text;
using Benny.Engines.Gguf.Native;
using Benny.Engines.Gguf.Tests.Support;

namespace Benny.Engines.Gguf.Tests.Native;

/// <summary>
/// Tokenization through the binding against llama.cpp's own test vectors for three real vocabularies
/// (../shared/vocab: *.gguf.inp strings, *.gguf.out expected ids; add_special = false, parse_special = false).
/// </summary>
public class TokenizerVectorTests
{
    private const string Separator = "\n__ggml_vocab_test__\n";

    [TestCase("ggml-vocab-qwen2.gguf")]
    [TestCase("ggml-vocab-llama-bpe.gguf")]
    [TestCase("ggml-vocab-phi-3.gguf")]
    public void Tokenize_LlamaCppTestVectors_MatchExactly(string vocabFile)
    {
        string vocabPath = TestPaths.Shared("vocab", vocabFile);
        string[] inputs = File.ReadAllText(vocabPath + ".inp", Encoding.UTF8).Split(Separator);
        Assert.That(inputs[^1], Is.Empty, "the .inp file ends with a separator");
        inputs = inputs[..^1];
        string[] expected = File.ReadAllText(vocabPath + ".out", Encoding.UTF8).Split('\n');
        Assert.That(expected.Length, Is.GreaterThanOrEqualTo(inputs.Length));

        LlamaNativeLibrary.EnsureLoaded(null, null);
        LlamaModelParams parameters = Interop.ModelDefaultParams();
        parameters.VocabOnly = 1;
        using SafeLlamaModelHandle model = Interop.ModelLoadFromFile(vocabPath, parameters);
        nint vocab = Interop.ModelGetVocab(model);

        var mismatches = new List<string>();
        for (int i = 0; i < inputs.Length; i++)
        {
            int[] tokens = Interop.Tokenize(vocab, Encoding.UTF8.GetBytes(inputs[i]), addSpecial: false, parseSpecial: false);
            string actual = string.Join(' ', tokens);
            if (actual != expected[i].Trim())
            {
                mismatches.Add($"#{i} {Escape(inputs[i])}: expected [{expected[i].Trim()}], got [{actual}]");
            }
        }

        Assert.That(inputs, Has.Length.GreaterThan(30), "the vector file was read");
        Assert.That(mismatches, Is.Empty, $"{vocabFile}: {mismatches.Count} of {inputs.Length} strings tokenized differently");
    }

    private static string Escape(string text) => text.Length > 40 ? $"'{text[..40]}...'" : $"'{text}'";
}
