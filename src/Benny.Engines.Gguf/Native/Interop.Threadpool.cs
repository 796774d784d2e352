using System.Runtime.InteropServices;

namespace Benny.Engines.Gguf.Native;

/// <summary>ggml-cpu.h / llama.h: CPU thread pools. The pool functions live in the CPU backend, which ggml loads at run time, so they are looked up in its registry.</summary>
internal static unsafe partial class Interop
{
    /// <summary>
    /// Creates a CPU thread pool of <paramref name="threads"/> threads whose idle threads spin for the given
    /// <paramref name="polling"/> level (0 = sleep at once) before they wait, and attaches it to the context for both
    /// generation and prompt processing.
    /// </summary>
    /// <returns>The pool (free it with <see cref="ThreadpoolFree"/> after the context), or 0 when the CPU backend offers no pools.</returns>
    public static nint AttachThreadpool(SafeLlamaContextHandle context, int threads, uint polling)
    {
        nint create = CpuProc("ggml_threadpool_new");
        if (create == 0)
        {
            return 0;
        }

        var parameters = new GgmlThreadpoolParams { NThreads = threads, Poll = polling };
        nint pool = ((delegate* unmanaged[Cdecl]<GgmlThreadpoolParams*, nint>)create)(&parameters);
        if (pool == 0)
        {
            throw new InvalidOperationException($"ggml_threadpool_new failed for {threads} thread(s) (llama.cpp's log says why).");
        }

        llama_attach_threadpool(context, pool, pool);
        return pool;
    }

    /// <summary>Frees a pool made by <see cref="AttachThreadpool"/> (after the context that used it is freed).</summary>
    public static void ThreadpoolFree(nint pool)
    {
        nint free = pool == 0 ? 0 : CpuProc("ggml_threadpool_free");
        if (free != 0)
        {
            ((delegate* unmanaged[Cdecl]<nint, void>)free)(pool);
        }
    }

    /// <summary>A function of the CPU backend by name, or 0.</summary>
    private static nint CpuProc(string name)
    {
        nint registry = ggml_backend_reg_by_name("CPU");
        return registry == 0 ? 0 : ggml_backend_reg_get_proc_address(registry, name);
    }

    [LibraryImport(LlamaLibraryNames.Ggml, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint ggml_backend_reg_by_name(string name);

    [LibraryImport(LlamaLibraryNames.GgmlBase, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint ggml_backend_reg_get_proc_address(nint registry, string name);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial void llama_attach_threadpool(SafeLlamaContextHandle context, nint threadpool, nint threadpoolBatch);
}
