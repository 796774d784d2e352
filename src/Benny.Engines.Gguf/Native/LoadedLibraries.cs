using System.Runtime.InteropServices;

namespace Benny.Engines.Gguf.Native;

/// <summary>A set of llama.cpp libraries loaded from one folder but not yet bound to the imports.</summary>
internal sealed class LoadedLibraries
{
    /// <summary>Gets each library by its logical import name (<see cref="LlamaLibraryNames"/>): its file and handle.</summary>
    public Dictionary<string, (string File, nint Handle)> ByName { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets libllama.</summary>
    public (string File, nint Handle) Llama => ByName[LlamaLibraryNames.Llama];

    /// <summary>Unloads the set (a folder that was refused must not stay bound).</summary>
    public void Free()
    {
        foreach ((string _, nint handle) in ByName.Values.Reverse())
        {
            NativeLibrary.Free(handle);
        }

        ByName.Clear();
    }
}
