namespace Benny.Runtime.Provisioning;

/// <summary>
/// An exclusive lock between threads and processes: a lock file opened with <see cref="FileShare.None"/>
/// (an advisory <c>flock</c> on Unix, a sharing lock on Windows). The file is left in place on release, so
/// that two waiters never lock two different files of the same name.
/// </summary>
internal sealed class FileLock : IDisposable
{
    private readonly FileStream _stream;

    private FileLock(FileStream stream) => _stream = stream;

    /// <summary>Takes the lock, retrying with backoff (50 ms doubling to 1 s) while another holder has it.</summary>
    /// <param name="path">The lock file; its folder must exist.</param>
    /// <param name="onWait">Called once, when the lock is held by someone else.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The held lock; dispose it to release.</returns>
    public static async Task<FileLock> AcquireAsync(string path, Action? onWait, CancellationToken cancellationToken)
    {
        TimeSpan delay = TimeSpan.FromMilliseconds(50);
        bool waited = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return new FileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Held by another thread or process.
            }

            if (!waited)
            {
                waited = true;
                onWait?.Invoke();
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 1000));
        }
    }

    public void Dispose() => _stream.Dispose();
}
