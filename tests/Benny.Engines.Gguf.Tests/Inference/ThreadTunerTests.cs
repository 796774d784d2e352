using Benny.Engines.Gguf.Inference;

namespace Benny.Engines.Gguf.Tests.Inference;

/// <summary>
/// The adaptive thread count against simulated step times (ticks per step by thread count, with noise), so that the
/// decisions are checked exactly; the effect on real decoding is measured in docs/engines/gguf.md.
/// </summary>
public class ThreadTunerTests
{
    [Test]
    public void Record_QuietMachine_KeepsEveryThreadAndProbesRarely()
    {
        var tuner = new ThreadTuner(2);
        int[] stepsAt = Run(tuner, 2_000, threads => threads == 2 ? 900 : 1_300);

        Assert.That(tuner.Current, Is.EqualTo(2));
        Assert.That(tuner.Changes, Is.Zero);
        Assert.That(stepsAt[1], Is.LessThan(2_000 * 3 / 100), "probing the slower count should cost under 3 % of the steps");
    }

    [Test]
    public void Record_ACoreTaken_MovesToOneThreadAfterTwoWinningProbes()
    {
        var tuner = new ThreadTuner(2);
        Run(tuner, 2 * (ThreadTuner.FirstInterval + 2 * ThreadTuner.Window), threads => threads == 2 ? 1_800 : 1_400);

        Assert.That(tuner.Current, Is.EqualTo(1));
        Assert.That(tuner.Changes, Is.EqualTo(1));
    }

    [Test]
    public void Record_ContentionComesAndGoes_FollowsTheFasterCount()
    {
        var tuner = new ThreadTuner(2);
        Run(tuner, 1_000, threads => threads == 2 ? 900 : 1_300);
        Assert.That(tuner.Current, Is.EqualTo(2));

        Run(tuner, 2 * ThreadTuner.LongestInterval, threads => threads == 2 ? 1_800 : 1_400);
        Assert.That(tuner.Current, Is.EqualTo(1), "contention began");

        Run(tuner, 2 * ThreadTuner.LongestInterval, threads => threads == 2 ? 900 : 1_300);
        Assert.That(tuner.Current, Is.EqualTo(2), "contention ended");
    }

    [Test]
    public void Record_BestCountInTheMiddle_ClimbsToIt()
    {
        var tuner = new ThreadTuner(8);
        Run(tuner, 3_000, threads => 1_000 + 100 * Math.Abs(threads - 5));

        Assert.That(tuner.Current, Is.EqualTo(5));
    }

    [Test]
    public void Record_CountsWithinTheMargin_DoNotFlap()
    {
        // 3 % apart, under ±5 % noise: either count is fine, but switching back and forth on noise is not.
        var tuner = new ThreadTuner(2);
        Run(tuner, 3_000, threads => threads == 2 ? 1_000 : 970);

        Assert.That(tuner.Changes, Is.LessThanOrEqualTo(2));
    }

    [Test]
    public void Record_BatchShapeChangesDuringAProbe_AbandonsItAndReturnsToTheCurrentCount()
    {
        var tuner = new ThreadTuner(2);
        int steps = 0;
        while (tuner.Next == tuner.Current)
        {
            tuner.Record(batchTokens: 1, elapsedTicks: 1_000);
            steps++;
            Assert.That(steps, Is.LessThan(100), "no probe started");
        }

        Assert.That(tuner.Next, Is.EqualTo(1));
        Assert.That(tuner.Record(batchTokens: 512, elapsedTicks: 1), Is.True, "Next changed back");
        Assert.That(tuner.Next, Is.EqualTo(2));
        Assert.That(tuner.Changes, Is.Zero, "a prompt chunk's time says nothing about a decode step's");
    }

    [Test]
    public void Record_StartingBelowTheMaximumOnAQuietMachine_ClimbsToTheFasterCount()
    {
        var tuner = new ThreadTuner(2, start: 1);
        Assert.That(tuner.Current, Is.EqualTo(1));

        Run(tuner, 2 * (ThreadTuner.FirstInterval + 2 * ThreadTuner.Window), threads => threads == 2 ? 800 : 1_000);

        Assert.That(tuner.Current, Is.EqualTo(2));
    }

    [Test]
    public void Record_RareLongStepsOfTheProbedCount_CountAgainstIt()
    {
        // Under contention two threads are usually quick but now and then wait ~8x for a core: on average they are slower.
        var tuner = new ThreadTuner(2, start: 1);
        int step = 0;
        int[] stepsAt = new int[3];
        for (int i = 0; i < 2_000; i++)
        {
            int threads = tuner.Next;
            stepsAt[threads]++;
            long ticks = threads == 1 ? 1_000 : (++step % 4 == 0 ? 6_000 : 800);
            tuner.Record(batchTokens: 1, ticks);
        }

        Assert.That(tuner.Current, Is.EqualTo(1));
        Assert.That(stepsAt[2], Is.LessThan(2_000 / 20));
    }

    [TestCase(0)]
    [TestCase(3)]
    public void Constructor_StartOutsideOneToMaximum_Throws(int start)
        => Assert.Throws<ArgumentOutOfRangeException>(() => _ = new ThreadTuner(2, start));

    [Test]
    public void Constructor_FewerThanTwoThreads_Throws()
        => Assert.Throws<ArgumentOutOfRangeException>(() => _ = new ThreadTuner(1));

    /// <summary>Runs <paramref name="steps"/> single-token steps; returns how many ran at each thread count.</summary>
    private static int[] Run(ThreadTuner tuner, int steps, Func<int, int> ticksAt)
    {
        var random = new Random(7);
        int[] stepsAt = new int[9];
        for (int i = 0; i < steps; i++)
        {
            int threads = tuner.Next;
            stepsAt[threads]++;
            long ticks = ticksAt(threads) * (95 + random.Next(0, 11)) / 100; // ±5 % noise
            tuner.Record(batchTokens: 1, ticks);
        }

        return stepsAt;
    }
}
