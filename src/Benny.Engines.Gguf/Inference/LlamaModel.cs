using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Benny.Engines.Gguf.Native;

namespace Benny.Engines.Gguf.Inference;

/// <summary>A loaded <c>llama_model</c>: its handle, vocabulary and properties.</summary>
/// <remarks>Loading blocks; callers run it off the request thread. The vocabulary pointer lives as long as the handle.</remarks>
internal sealed unsafe class LlamaModel : IDisposable
{
    private LlamaModel(string path, SafeLlamaModelHandle handle, BackendPlan plan)
    {
        Path = path;
        Handle = handle;
        Plan = plan;
        Vocab = Interop.ModelGetVocab(handle);
        ChatTemplate = Interop.ModelChatTemplate(handle);
        Description = Interop.ModelDescription(handle);
        TrainContextLength = Interop.ModelContextLength(handle);
        LayerCount = Interop.ModelLayerCount(handle);
        EmbeddingLength = Interop.ModelEmbeddingLength(handle);
        SizeBytes = Interop.ModelSize(handle);
        ParameterCount = Interop.ModelParameterCount(handle);
        VocabularySize = Interop.VocabTokenCount(Vocab);
        Name = Interop.ModelMetadata(handle, "general.name");
        Architecture = Interop.ModelMetadata(handle, "general.architecture");
        Quantization = QuantizationName(Interop.ModelMetadata(handle, "general.file_type"));
    }

    public string Path { get; }

    public SafeLlamaModelHandle Handle { get; }

    public BackendPlan Plan { get; }

    public nint Vocab { get; }

    public string? ChatTemplate { get; }

    public string Description { get; }

    public string? Name { get; }

    public string? Architecture { get; }

    /// <summary>The file type (<c>general.file_type</c>) as llama.cpp names it without its prefix: <c>F32</c>, <c>F16</c>, <c>Q8_0</c>, <c>Q4_K_M</c>, ...; <see langword="null"/> when the file does not say.</summary>
    public string? Quantization { get; }

    public int TrainContextLength { get; }

    public int LayerCount { get; }

    public int EmbeddingLength { get; }

    public long SizeBytes { get; }

    public long ParameterCount { get; }

    public int VocabularySize { get; }

    /// <summary>Loads <paramref name="path"/> with <paramref name="plan"/>; reports progress and stops when <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <exception cref="OperationCanceledException">The load was cancelled.</exception>
    /// <exception cref="InvalidOperationException">llama.cpp could not load the model.</exception>
    public static LlamaModel Load(string path, BackendPlan plan, IProgress<float>? progress, CancellationToken cancellationToken)
    {
        LlamaModelParams parameters = Interop.ModelDefaultParams();
        parameters.NGpuLayers = plan.GpuLayers;
        parameters.MainGpu = 0;

        // NULL-terminated device list: empty for the CPU plan, so nothing is offloaded anywhere.
        nint* devices = (nint*)NativeMemory.Alloc((nuint)(plan.Devices.Count + 1), (nuint)sizeof(nint));
        var state = new LoadState(progress, cancellationToken);
        GCHandle stateHandle = GCHandle.Alloc(state);
        try
        {
            for (int i = 0; i < plan.Devices.Count; i++)
            {
                devices[i] = Interop.DeviceHandle(plan.Devices[i].Index);
            }

            devices[plan.Devices.Count] = 0;
            parameters.Devices = (nint)devices;
            parameters.ProgressCallback = &OnProgress;
            parameters.ProgressCallbackUserData = GCHandle.ToIntPtr(stateHandle);

            SafeLlamaModelHandle handle;
            try
            {
                handle = Interop.ModelLoadFromFile(path, parameters);
            }
            catch (InvalidOperationException) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException("Loading the model was cancelled.", cancellationToken);
            }

            if (state.Failure is { } failure)
            {
                handle.Dispose();
                throw new InvalidOperationException("A load-progress handler threw; the load was stopped.", failure);
            }

            return new LlamaModel(path, handle, plan);
        }
        finally
        {
            stateHandle.Free();
            NativeMemory.Free(devices);
        }
    }

    public void Dispose() => Handle.Dispose();

    /// <summary>Maps a <c>general.file_type</c> value to its name (<c>15</c> is <c>Q4_K_M</c>); <see langword="null"/> when absent or unknown.</summary>
    internal static string? QuantizationName(string? fileType)
        => int.TryParse(fileType, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int value)
            && Enum.IsDefined((LlamaFtype)value) && (LlamaFtype)value != LlamaFtype.Guessed
            ? ((LlamaFtype)value).ToString().Replace("MOSTLY_", "", StringComparison.Ordinal).Replace("ALL_", "", StringComparison.Ordinal)
            : null;

    /// <summary>llama.cpp's progress callback: reports, and returns false (stop loading) on cancellation. Never throws.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static byte OnProgress(float fraction, nint userData)
    {
        var state = (LoadState)GCHandle.FromIntPtr(userData).Target!;
        if (state.Cancellation.IsCancellationRequested || state.Failure is not null)
        {
            return 0;
        }

        try
        {
            state.Progress?.Report(fraction);
            return 1;
        }
#pragma warning disable CA1031 // No exception may cross into native code: keep it and stop the load; Load rethrows it.
        catch (Exception e)
#pragma warning restore CA1031
        {
            state.Failure = e;
            return 0;
        }
    }

    private sealed class LoadState(IProgress<float>? progress, CancellationToken cancellation)
    {
        public IProgress<float>? Progress { get; } = progress;

        public CancellationToken Cancellation { get; } = cancellation;

        public Exception? Failure { get; set; }
    }
}
