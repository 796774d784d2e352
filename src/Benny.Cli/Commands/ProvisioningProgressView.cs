using System.Collections.Concurrent;
using Benny.Runtime.Provisioning;
using Spectre.Console;

namespace Benny.Cli.Commands;

/// <summary>
/// Shows download progress: a Spectre progress bar per file on a terminal, else a plain line on standard error at each
/// tenth of a file (each 64 MiB when the size is unknown), so logs stay short and standard output stays clean.
/// </summary>
internal static class ProvisioningProgressView
{
    /// <summary>Runs <paramref name="work"/> with a progress sink; <paramref name="allowLive"/> false forces plain lines (for <c>--json</c>).</summary>
    public static async Task<T> RunAsync<T>(CliConsole console, bool allowLive, Func<IProgress<ProvisioningProgress>, Task<T>> work)
    {
        if (!allowLive || !console.IsOutputInteractive)
        {
            return await work(new PlainProgress(console.Error));
        }

        T result = default!;
        await console.Ansi.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var tasks = new ConcurrentDictionary<string, ProgressTask>(StringComparer.Ordinal);
                var sink = new CallbackProgress(p =>
                {
                    ProgressTask task = tasks.GetOrAdd(p.Model + "\n" + p.File, _ => context.AddTask(Markup.Escape($"{p.Model} {p.File}"), maxValue: Math.Max(1, p.BytesTotal ?? 1)));
                    if (p.BytesTotal is { } total)
                    {
                        task.MaxValue = Math.Max(1, total);
                        task.IsIndeterminate = false;
                    }
                    else
                    {
                        task.IsIndeterminate = true;
                    }

                    task.Value = p.BytesDone;
                });
                result = await work(sink);
                foreach (ProgressTask task in tasks.Values)
                {
                    task.Value = task.MaxValue;
                    task.StopTask();
                }
            });
        return result;
    }

    /// <summary>Formats a byte count (<c>1.5 GiB</c>).</summary>
    public static string FormatBytes(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0 ? $"{bytes} B" : $"{value:0.0} {units[unit]}";
    }

    /// <summary>Calls back synchronously on the reporting thread (unlike <see cref="Progress{T}"/>, which posts and can run after the work ended).</summary>
    private sealed class CallbackProgress(Action<ProvisioningProgress> report) : IProgress<ProvisioningProgress>
    {
        public void Report(ProvisioningProgress value) => report(value);
    }

    private sealed class PlainProgress(TextWriter error) : IProgress<ProvisioningProgress>
    {
        private const long UnknownSizeStep = 64L * 1024 * 1024;
        private readonly Dictionary<string, long> _lastStep = new(StringComparer.Ordinal);
        private readonly Lock _gate = new();

        public void Report(ProvisioningProgress value)
        {
            long step = value.Fraction is { } fraction ? (long)(fraction * 10) : value.BytesDone / UnknownSizeStep;
            string key = value.Model + "\n" + value.File;
            lock (_gate)
            {
                if (_lastStep.TryGetValue(key, out long last) && last >= step)
                {
                    return;
                }

                _lastStep[key] = step;
                string amount = value.BytesTotal is { } total
                    ? $"{step * 10}% ({FormatBytes(value.BytesDone)} of {FormatBytes(total)})"
                    : FormatBytes(value.BytesDone);
                error.WriteLine($"downloading {value.Model} {value.File}: {amount}");
            }
        }
    }
}
