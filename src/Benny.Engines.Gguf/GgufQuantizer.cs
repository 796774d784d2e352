using Benny.Engines.Gguf.Native;

namespace Benny.Engines.Gguf;

/// <summary>
/// Quantizes a GGUF model with llama.cpp's own quantizer (<c>llama_model_quantize</c>), for example a model
/// written by <see cref="Format.SyntheticModelBuilder"/> in F32 or F16.
/// </summary>
public static class GgufQuantizer
{
    /// <summary>Writes <paramref name="outputPath"/>: <paramref name="inputPath"/> quantized to <paramref name="quantization"/>.</summary>
    /// <param name="inputPath">A GGUF model (checked with the managed reader first).</param>
    /// <param name="outputPath">The file to write; written under a temporary name, then renamed.</param>
    /// <param name="quantization">The target quantization.</param>
    /// <param name="threads">Threads for quantizing; <see langword="null"/> for one per processor.</param>
    /// <param name="nativeLibraryDirectory">The natives folder (see <see cref="GgufEngineOptions.NativeLibraryDirectory"/>).</param>
    /// <returns>The full path of the written file.</returns>
    /// <exception cref="ArgumentException">A path is empty.</exception>
    /// <exception cref="FileNotFoundException"><paramref name="inputPath"/> does not exist.</exception>
    /// <exception cref="Format.GgufFormatException"><paramref name="inputPath"/> is not a valid GGUF file.</exception>
    /// <exception cref="InvalidOperationException">llama.cpp could not quantize the model (its log says why).</exception>
    public static string Quantize(string inputPath, string outputPath, GgufQuantization quantization, int? threads = null, string? nativeLibraryDirectory = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(inputPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputPath);
        string input = Benny.Runtime.PathExpansion.GetFullPath(inputPath);
        string output = Benny.Runtime.PathExpansion.GetFullPath(outputPath);
        if (!File.Exists(input))
        {
            throw new FileNotFoundException($"The GGUF model to quantize, '{input}', does not exist.", input);
        }

        Format.GgufFile.Read(input);
        LlamaNativeLibrary.EnsureLoaded(nativeLibraryDirectory, null);
        LlamaModelQuantizeParams parameters = Interop.ModelQuantizeDefaultParams();
        parameters.Ftype = quantization switch
        {
            GgufQuantization.Q8_0 => LlamaFtype.MOSTLY_Q8_0,
            GgufQuantization.Q4_K_M => LlamaFtype.MOSTLY_Q4_K_M,
            _ => throw new ArgumentOutOfRangeException(nameof(quantization), quantization, "Unknown quantization."),
        };
        parameters.Nthread = threads ?? Environment.ProcessorCount;

        string temporary = output + ".partial";
        try
        {
            Interop.ModelQuantize(input, temporary, parameters);
            File.Move(temporary, output, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        return output;
    }
}
