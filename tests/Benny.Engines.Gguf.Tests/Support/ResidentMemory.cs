using System.Globalization;
using System.Runtime;
using System.Text.RegularExpressions;
using Benny.Engines.Gguf.Native;

namespace Benny.Engines.Gguf.Tests.Support;

/// <summary>
/// The process's resident memory as a leak test needs it, read from <c>/proc/self/smaps</c> once garbage is collected, the
/// GC has decommitted its empty regions and the C heap has given its free pages back.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Bytes"/> counts every resident page except those of code libraries mapped from disk (<c>.so</c>, <c>.dll</c>):
/// the managed and C heaps, thread stacks, compiled code, and any other file mapping (a model file left mapped would count).
/// Library pages are shared, clean and loaded once per process, whatever else ran in it: in the test host,
/// libcrypto and System.Security.Cryptography (5.5 MiB) arrived during a load/unload loop that uses neither.
/// </para>
/// <para>
/// The collection is aggressive because a plain one left 17-21 MiB committed around a 0.1 MiB managed heap, and that
/// figure stepped by 3 MiB between two measurements of the same loop; the allocators' caches are not leaks.
/// </para>
/// </remarks>
internal sealed partial record ResidentMemory(long Anonymous, long CompiledCode, long OtherFiles, long Libraries)
{
    /// <summary>Gets the resident bytes a leak would grow: everything but the code libraries' pages.</summary>
    public long Bytes => Anonymous + CompiledCode + OtherFiles;

    /// <summary>
    /// Waits until the runtime stops compiling methods, then reads the resident pages three times and keeps the smallest
    /// reading. Each reading follows collections a second apart, an aggressive collection and a trim of the C heap.
    /// </summary>
    /// <remarks>
    /// Memory that is only held for a while is not kept: the compiler's working memory, which the runtime caches after a
    /// compilation and frees from its finalizer thread once it has gone unused for a while, and the stacks and caches of
    /// thread-pool threads that come and go. Read without the pauses, a probe of 1,000 load/unload cycles swung between
    /// +3 and +12 MiB from one reading to the next, with C-heap bytes in use swinging by the same amount, while heaptrack
    /// found no allocation site in Benny or llama.cpp whose live bytes grew with the number of cycles.
    /// </remarks>
    public static ResidentMemory Measure()
    {
        long compiled = -1;
        for (int i = 0; i < 20 && JitInfo.GetCompiledMethodCount() != compiled; i++)
        {
            compiled = JitInfo.GetCompiledMethodCount();
            Thread.Sleep(250);
        }

        ResidentMemory smallest = Read();
        for (int i = 0; i < 2; i++)
        {
            ResidentMemory reading = Read();
            smallest = reading.Bytes < smallest.Bytes ? reading : smallest;
        }

        return smallest;
    }

    private static ResidentMemory Read()
    {
        for (int i = 0; i < 2; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            Thread.Sleep(1_100);
        }

        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        NativeHeap.Trim();

        long anonymous = 0, code = 0, files = 0, libraries = 0;
        string? mapping = null;
        foreach (string line in File.ReadLines("/proc/self/smaps"))
        {
            Match header = MappingHeader().Match(line);
            if (header.Success)
            {
                mapping = header.Groups["path"].Value;
                continue;
            }

            if (!line.StartsWith("Rss:", StringComparison.Ordinal))
            {
                continue;
            }

            long bytes = long.Parse(line.AsSpan(4).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;
            if (string.IsNullOrEmpty(mapping) || mapping.StartsWith('['))
            {
                anonymous += bytes;
            }
            else if (mapping.StartsWith("/memfd:", StringComparison.Ordinal))
            {
                code += bytes; // the runtime's double-mapped executable memory: compiled code and stubs
            }
            else if (LibraryPath().IsMatch(mapping))
            {
                libraries += bytes;
            }
            else
            {
                files += bytes;
            }
        }

        return new ResidentMemory(anonymous, code, files, libraries);
    }

    /// <summary>Describes the growth since <paramref name="before"/>, by kind.</summary>
    public string Describe(ResidentMemory before) => string.Create(
        CultureInfo.InvariantCulture,
        $"{Kib(Bytes - before.Bytes)} KiB more (anonymous {Kib(Anonymous - before.Anonymous)}, compiled code {Kib(CompiledCode - before.CompiledCode)}, "
        + $"other files {Kib(OtherFiles - before.OtherFiles)}; code libraries, not counted: {Kib(Libraries - before.Libraries)})");

    private static long Kib(long bytes) => bytes / 1024;

    // "7f5e2c000000-7f5e2c021000 rw-p 00000000 00:00 0    [heap]": address range, permissions, offset, device, inode, path.
    [GeneratedRegex(@"^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(?<path>.*)$")]
    private static partial Regex MappingHeader();

    [GeneratedRegex(@"\.(so(\.\d+)*|dll)( \(deleted\))?$")]
    private static partial Regex LibraryPath();
}
