using System.Diagnostics;

namespace Benny.Benchmarks;

/// <summary>A process that keeps one core at 100 % (<c>sh -c 'while :; do :; done'</c>): the "busy" machine of the thread benchmarks.</summary>
internal sealed class BusyCompetitor : IDisposable
{
    private readonly Process _process = Process.Start(new ProcessStartInfo("sh", ["-c", "while :; do :; done"]) { UseShellExecute = false })
        ?? throw new InvalidOperationException("Could not start the competing busy process (sh).");

    /// <summary>Stops the process and waits for it.</summary>
    public void Dispose()
    {
        _process.Kill();
        _process.WaitForExit();
        _process.Dispose();
    }
}
