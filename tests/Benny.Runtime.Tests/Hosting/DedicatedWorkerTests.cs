using System.Collections.Concurrent;
using Benny.Runtime.Hosting;

namespace Benny.Runtime.Tests.Hosting;

public class DedicatedWorkerTests
{
    private sealed class Job(string name)
    {
        public string Name { get; } = name;

        public TaskCompletionSource<int> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [Test]
    public async Task Enqueue_Jobs_RunInOrderOnOneThreadThatIsNotTheCallers()
    {
        var threads = new ConcurrentQueue<int>();
        var order = new ConcurrentQueue<string>();
        using var worker = new DedicatedWorker<Job>("test worker", job =>
        {
            threads.Enqueue(Environment.CurrentManagedThreadId);
            order.Enqueue(job.Name);
            job.Done.SetResult(0);
        }, (job, e) => job.Done.TrySetException(e), "disposed");
        Job[] jobs = [new("a"), new("b"), new("c")];

        foreach (Job job in jobs)
        {
            worker.Enqueue(job);
        }

        await Task.WhenAll(jobs.Select(j => j.Done.Task));
        Assert.That(order, Is.EqualTo(new[] { "a", "b", "c" }));
        Assert.That(threads.Distinct().Count(), Is.EqualTo(1));
        Assert.That(threads.First(), Is.Not.EqualTo(Environment.CurrentManagedThreadId));
        Assert.That(worker.IsWorkerThread, Is.False);
    }

    [Test]
    public async Task Dispose_WithAJobRunningAndOthersQueued_RejectsTheQueuedOnesWithoutRunningThem()
    {
        using var running = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var ran = new ConcurrentQueue<string>();
        bool sawDisposing = false;
        var worker = new DedicatedWorker<Job>("test worker", job =>
        {
            ran.Enqueue(job.Name);
            running.Set();
            release.Wait();
            job.Done.SetResult(0);
        }, (job, e) => job.Done.TrySetException(e), "gone");
        Job first = new("first"), queued = new("queued");
        worker.Enqueue(first);
        worker.Enqueue(queued);
        running.Wait();

        Task disposing = Task.Run(worker.Dispose);
        while (!worker.IsDisposing)
        {
            await Task.Yield(); // Dispose sets the flag before it waits for the running job
        }

        sawDisposing = worker.IsDisposing;
        release.Set();
        await disposing;

        Assert.That(sawDisposing, Is.True, "the running job can see it should end");
        Assert.That(await first.Done.Task, Is.Zero, "the running job finishes");
        var error = await Assert.ThrowsAsync<ObjectDisposedException>(() => queued.Done.Task);
        Assert.That(error!.Message, Does.Contain("gone"));
        Assert.That(ran, Is.EqualTo(new[] { "first" }));
        Assert.That(() => worker.Enqueue(new Job("late")), Throws.TypeOf<ObjectDisposedException>());
        worker.Dispose(); // idempotent
    }

    [Test]
    public async Task Run_Throws_TheJobIsRejectedAndTheThreadGoesOn()
    {
        using var worker = new DedicatedWorker<Job>("test worker", job =>
        {
            if (job.Name == "bad")
            {
                throw new InvalidOperationException("boom");
            }

            job.Done.SetResult(1);
        }, (job, e) => job.Done.TrySetException(e), "disposed");
        Job bad = new("bad"), good = new("good");

        worker.Enqueue(bad);
        worker.Enqueue(good);

        Assert.That(async () => await bad.Done.Task, Throws.InvalidOperationException.With.Message.EqualTo("boom"));
        Assert.That(await good.Done.Task, Is.EqualTo(1));
    }

    [Test]
    public async Task Dispose_FromTheWorkerThread_DoesNotWaitForItself()
    {
        DedicatedWorker<Job>? worker = null;
        worker = new DedicatedWorker<Job>("test worker", job =>
        {
            worker!.Dispose();
            job.Done.SetResult(worker.IsDisposing ? 1 : 0);
        }, (job, e) => job.Done.TrySetException(e), "disposed");
        Job job = new("self");

        worker.Enqueue(job);

        Assert.That(await job.Done.Task, Is.EqualTo(1));
    }
}
