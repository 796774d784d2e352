using System.Runtime.InteropServices;

namespace Benny.Engines.Gguf.Native;

/// <summary>llama.h: model loading, properties and quantization.</summary>
internal static unsafe partial class Interop
{
    /// <summary>llama.cpp's default model parameters.</summary>
    public static LlamaModelParams ModelDefaultParams() => llama_model_default_params();

    /// <summary>Loads a model file.</summary>
    /// <exception cref="InvalidOperationException">llama.cpp could not load the file (its log says why).</exception>
    public static SafeLlamaModelHandle ModelLoadFromFile(string path, LlamaModelParams parameters)
    {
        SafeLlamaModelHandle model = llama_model_load_from_file(path, parameters);
        if (model.IsInvalid)
        {
            model.Dispose();
            throw new InvalidOperationException($"llama.cpp could not load the model '{path}' (llama_model_load_from_file returned NULL). Its log, routed to ILogger at Error level, says why.");
        }

        return model;
    }

    /// <summary>Frees a model (called by <see cref="SafeLlamaModelHandle"/>).</summary>
    public static void ModelFree(nint model) => llama_model_free(model);

    /// <summary>The model's vocabulary (owned by the model).</summary>
    public static nint ModelGetVocab(SafeLlamaModelHandle model) => llama_model_get_vocab(model);

    /// <summary>The training context length.</summary>
    public static int ModelContextLength(SafeLlamaModelHandle model) => llama_model_n_ctx_train(model);

    /// <summary>The embedding width.</summary>
    public static int ModelEmbeddingLength(SafeLlamaModelHandle model) => llama_model_n_embd(model);

    /// <summary>The number of layers.</summary>
    public static int ModelLayerCount(SafeLlamaModelHandle model) => llama_model_n_layer(model);

    /// <summary>The size of the weights in bytes.</summary>
    public static long ModelSize(SafeLlamaModelHandle model) => (long)llama_model_size(model);

    /// <summary>The number of parameters.</summary>
    public static long ModelParameterCount(SafeLlamaModelHandle model) => (long)llama_model_n_params(model);

    /// <summary>llama.cpp's one-line description (architecture, size, file type).</summary>
    public static string ModelDescription(SafeLlamaModelHandle model)
    {
        byte* buffer = stackalloc byte[256];
        int length = llama_model_desc(model, buffer, 256);
        return length <= 0 ? "" : Marshal.PtrToStringUTF8((nint)buffer, Math.Min(length, 255));
    }

    /// <summary>A metadata value as a string, or <see langword="null"/> when the key is absent.</summary>
    public static string? ModelMetadata(SafeLlamaModelHandle model, string key)
    {
        int length = llama_model_meta_val_str(model, key, null, 0);
        if (length < 0)
        {
            return null;
        }

        byte[] buffer = new byte[length + 1];
        fixed (byte* pointer = buffer)
        {
            llama_model_meta_val_str(model, key, pointer, (nuint)buffer.Length);
        }

        return System.Text.Encoding.UTF8.GetString(buffer, 0, length);
    }

    /// <summary>The model's default chat template, or <see langword="null"/> when it has none.</summary>
    public static string? ModelChatTemplate(SafeLlamaModelHandle model)
        => Marshal.PtrToStringUTF8((nint)llama_model_chat_template(model, null));

    /// <summary>Quantizes <paramref name="input"/> into <paramref name="output"/>.</summary>
    /// <exception cref="InvalidOperationException">llama.cpp reported a failure.</exception>
    public static void ModelQuantize(string input, string output, in LlamaModelQuantizeParams parameters)
    {
        uint result;
        fixed (LlamaModelQuantizeParams* pointer = &parameters)
        {
            result = llama_model_quantize(input, output, pointer);
        }

        if (result != 0)
        {
            throw new InvalidOperationException($"llama_model_quantize('{input}' -> '{output}') failed with code {result}; llama.cpp's log says why.");
        }
    }

    /// <summary>llama.cpp's default quantization parameters.</summary>
    public static LlamaModelQuantizeParams ModelQuantizeDefaultParams() => llama_model_quantize_default_params();

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial LlamaModelParams llama_model_default_params();

    [LibraryImport(LlamaLibraryNames.Llama, StringMarshalling = StringMarshalling.Utf8)]
    private static partial SafeLlamaModelHandle llama_model_load_from_file(string path, LlamaModelParams parameters);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial void llama_model_free(nint model);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial nint llama_model_get_vocab(SafeLlamaModelHandle model);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial int llama_model_n_ctx_train(SafeLlamaModelHandle model);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial int llama_model_n_embd(SafeLlamaModelHandle model);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial int llama_model_n_layer(SafeLlamaModelHandle model);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial ulong llama_model_size(SafeLlamaModelHandle model);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial ulong llama_model_n_params(SafeLlamaModelHandle model);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial int llama_model_desc(SafeLlamaModelHandle model, byte* buffer, nuint bufferSize);

    [LibraryImport(LlamaLibraryNames.Llama, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int llama_model_meta_val_str(SafeLlamaModelHandle model, string key, byte* buffer, nuint bufferSize);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial byte* llama_model_chat_template(SafeLlamaModelHandle model, byte* name);

    [LibraryImport(LlamaLibraryNames.Llama, StringMarshalling = StringMarshalling.Utf8)]
    private static partial uint llama_model_quantize(string input, string output, LlamaModelQuantizeParams* parameters);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial LlamaModelQuantizeParams llama_model_quantize_default_params();
}
