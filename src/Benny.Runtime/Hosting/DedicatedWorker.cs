using System.Collections.Concurrent;

namespace Benny.Runtime.Hosting;

/// <summary>
/// A thread of its own that runs queued jobs one at a time. Engines use it so that native work never runs on a
/// caller's or a thread-pool thread, and a native context is only ever used by one thread (no locks needed).
/// </summary>
/// <typeparam name="TJob">The job type.</typeparam>
/// <remarks>
/// <see cref="Dispose"/> stops accepting jobs, hands every job still queued to the reject callback with an
/// <see cref="ObjectDisposedException"/> (none of them runs), waits for the running job to end (it can watch
/// <see cref="IsDisposing"/> to end early), then returns. An exception escaping the run callback is handed to the
/// reject callback; the thread goes on with the next job.
/// </remarks>
public sealed class DedicatedWorker<TJob> : IDisposable
    where TJob : class
{
    private readonly BlockingCollection<TJob> _jobs = new();
    private readonly Action<TJob> _run;
    private readonly Action<TJob, Exception> _reject;
    private readonly string _disposedMessage;
    private readonly Thread _thread;
    private volatile bool _disposing;

    /// <summary>Starts the thread.</summary>
    /// <param name="threadName">The thread's name (shown in debuggers and dumps).</param>
    /// <param name="run">Runs one job on the worker thread.</param>
    /// <param name="reject">Ends a job that will not run or that failed (on the worker thread); must not throw.</param>
    /// <param name="disposedMessage">The message of the <see cref="ObjectDisposedException"/> given to queued jobs and to <see cref="Enqueue"/> after disposal.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public DedicatedWorker(string threadName, Action<TJob> run, Action<TJob, Exception> reject, string disposedMessage)
    {
        ArgumentNullException.ThrowIfNull(threadName);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(reject);
        ArgumentNullException.ThrowIfNull(disposedMessage);
        _run = run;
        _reject = reject;
        _disposedMessage = disposedMessage;
        _thread = new Thread(Loop) { IsBackground = true, Name = threadName };
        _thread.Start();
    }

    /// <summary>Gets whether <see cref="Dispose"/> was called: a running job should end as soon as it can.</summary>
    public bool IsDisposing => _disposing;

    /// <summary>Gets whether the calling thread is the worker thread.</summary>
    public bool IsWorkerThread => Thread.CurrentThread == _thread;

    /// <summary>Queues a job.</summary>
    /// <param name="job">The job.</param>
    /// <exception cref="ArgumentNullException"><paramref name="job"/> is <see langword="null"/>.</exception>
    /// <exception cref="ObjectDisposedException">The worker is disposed.</exception>
    public void Enqueue(TJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        try
        {
            _jobs.Add(job);
        }
        catch (InvalidOperationException)
        {
            throw new ObjectDisposedException(typeof(TJob).Name, _disposedMessage);
        }
    }

    /// <summary>Rejects the queued jobs, lets the running one end and stops the thread. Calling it again does nothing.</summary>
    public void Dispose()
    {
        lock (_jobs)
        {
            if (_disposing)
            {
                return;
            }

            _disposing = true;
            _jobs.CompleteAdding();
        }

        if (!IsWorkerThread)
        {
            _thread.Join();
        }
    }

    private void Loop()
    {
        foreach (TJob job in _jobs.GetConsumingEnumerable())
        {
            if (_disposing)
            {
                _reject(job, new ObjectDisposedException(typeof(TJob).Name, _disposedMessage));
                continue;
            }

            try
            {
                _run(job);
            }
#pragma warning disable CA1031 // The worker thread must survive any one job's failure; the error goes to that job's owner.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _reject(job, e);
            }
        }
    }
}
