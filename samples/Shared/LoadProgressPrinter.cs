using Benny.Runtime.Hosting;

namespace Benny.Samples;

/// <summary>
/// Prints the model loads of a <see cref="ModelHost"/>: a progress bar redrawn in place on a terminal, or one line when
/// a load starts and one when it ends when the output goes to a file or a pipe (a CI log).
/// </summary>
internal sealed class LoadProgressPrinter : IDisposable
{
    private readonly ModelHost _host;
    private readonly bool _redraw = !Console.IsOutputRedirected;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _lastStep = new(StringComparer.OrdinalIgnoreCase);

    private LoadProgressPrinter(ModelHost host)
    {
        _host = host;
        _host.LoadProgress += OnProgress;
    }

    /// <summary>Prints the loads of <paramref name="host"/> until the returned printer is disposed.</summary>
    /// <param name="host">The host whose loads to print.</param>
    /// <returns>The printer; dispose it to stop printing.</returns>
    public static LoadProgressPrinter Attach(ModelHost host) => new(host);

    /// <summary>Stops printing.</summary>
    public void Dispose() => _host.LoadProgress -= OnProgress;

    private void OnProgress(object? sender, ModelLoadProgress progress)
    {
        int step = (int)(Math.Clamp(progress.Fraction, 0, 1) * 20); // 5 % steps
        lock (_gate)
        {
            bool started = !_lastStep.TryGetValue(progress.ModelName, out int last);
            if (!started && step == last)
            {
                return;
            }

            if (step == 20)
            {
                _lastStep.Remove(progress.ModelName); // a later load of the model starts afresh
            }
            else
            {
                _lastStep[progress.ModelName] = step;
            }

            if (_redraw)
            {
                Console.Write($"\r  loading {progress.ModelName,-14} {ConsoleText.Bar(progress.Fraction)}{(step == 20 ? Environment.NewLine : "")}");
            }
            else if (started || step == 20)
            {
                Console.WriteLine($"  loading {progress.ModelName} ({progress.Engine}) {(step == 20 ? "done" : "...")}");
            }
        }
    }
}
