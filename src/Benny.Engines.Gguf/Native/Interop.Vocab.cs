using System.Runtime.InteropServices;

namespace Benny.Engines.Gguf.Native;

/// <summary>llama.h: vocabulary queries, tokenization and detokenization.</summary>
/// <remarks>A vocabulary pointer is owned by its model; callers keep the model handle alive while they use it.</remarks>
internal static unsafe partial class Interop
{
    /// <summary>The number of tokens.</summary>
    public static int VocabTokenCount(nint vocab) => llama_vocab_n_tokens(vocab);

    /// <summary>The tokenizer kind (llama_vocab_type: 1 SPM, 2 BPE, 3 WPM, 4 UGM, 5 RWKV, ...).</summary>
    public static int VocabType(nint vocab) => llama_vocab_type(vocab);

    /// <summary>The beginning-of-sequence token, or -1.</summary>
    public static int VocabBos(nint vocab) => llama_vocab_bos(vocab);

    /// <summary>The end-of-sequence token, or -1.</summary>
    public static int VocabEos(nint vocab) => llama_vocab_eos(vocab);

    /// <summary>Whether <paramref name="token"/> ends generation (EOS, EOT, ...).</summary>
    public static bool VocabIsEndOfGeneration(nint vocab, int token) => llama_vocab_is_eog(vocab, token) != 0;

    /// <summary>Whether the tokenizer adds BOS on its own.</summary>
    public static bool VocabAddsBos(nint vocab) => llama_vocab_get_add_bos(vocab) != 0;

    /// <summary>The text of a token as stored in the vocabulary.</summary>
    public static string VocabTokenText(nint vocab, int token) => Marshal.PtrToStringUTF8((nint)llama_vocab_get_text(vocab, token)) ?? "";

    /// <summary>Tokenizes UTF-8 text (two-call pattern: the first call sizes the buffer).</summary>
    /// <param name="vocab">The vocabulary.</param>
    /// <param name="text">The UTF-8 bytes.</param>
    /// <param name="addSpecial">Add BOS/EOS as the model wants.</param>
    /// <param name="parseSpecial">Turn special-token text (such as <c>&lt;|im_start|&gt;</c>) into the special tokens.</param>
    public static int[] Tokenize(nint vocab, ReadOnlySpan<byte> text, bool addSpecial, bool parseSpecial)
    {
        fixed (byte* textPointer = text)
        {
            int capacity = text.Length + 8;
            while (true)
            {
                int[] tokens = new int[capacity];
                int count;
                fixed (int* tokenPointer = tokens)
                {
                    count = llama_tokenize(vocab, textPointer, text.Length, tokenPointer, capacity, addSpecial ? (byte)1 : (byte)0, parseSpecial ? (byte)1 : (byte)0);
                }

                if (count >= 0)
                {
                    return count == capacity ? tokens : tokens[..count];
                }

                if (count == int.MinValue)
                {
                    throw new InvalidOperationException("llama_tokenize failed: the tokenized text would exceed int32 tokens.");
                }

                capacity = -count;
            }
        }
    }

    /// <summary>Appends the bytes of one token's piece to <paramref name="output"/>.</summary>
    /// <param name="vocab">The vocabulary.</param>
    /// <param name="token">The token.</param>
    /// <param name="renderSpecial">Render special tokens as their text (otherwise they are empty).</param>
    /// <param name="output">Receives the bytes.</param>
    public static void TokenToPiece(nint vocab, int token, bool renderSpecial, List<byte> output)
    {
        byte* small = stackalloc byte[64];
        int length = llama_token_to_piece(vocab, token, small, 64, 0, renderSpecial ? (byte)1 : (byte)0);
        if (length >= 0)
        {
            output.AddRange(new ReadOnlySpan<byte>(small, length));
            return;
        }

        byte[] large = new byte[-length];
        fixed (byte* pointer = large)
        {
            length = llama_token_to_piece(vocab, token, pointer, large.Length, 0, renderSpecial ? (byte)1 : (byte)0);
        }

        if (length < 0)
        {
            throw new InvalidOperationException($"llama_token_to_piece failed for token {token}.");
        }

        output.AddRange(large.AsSpan(0, length));
    }

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial int llama_vocab_n_tokens(nint vocab);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial int llama_vocab_type(nint vocab);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial int llama_vocab_bos(nint vocab);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial int llama_vocab_eos(nint vocab);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial byte llama_vocab_is_eog(nint vocab, int token);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial byte llama_vocab_get_add_bos(nint vocab);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial byte* llama_vocab_get_text(nint vocab, int token);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial int llama_tokenize(nint vocab, byte* text, int textLength, int* tokens, int maxTokens, byte addSpecial, byte parseSpecial);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial int llama_token_to_piece(nint vocab, int token, byte* buffer, int length, int lstrip, byte special);
}
