namespace Benny.Engines.Gguf.Tests;

public class GgufThreadRuleTests
{
    [TestCase(1_185_376L, 2, 2, 1)]          // stories260K: one thread
    [TestCase(60L * 1024 * 1024, 16, 8, 1)]  // just under the threshold
    [TestCase(100L * 1024 * 1024, 2, 2, 2)]  // larger: every core
    [TestCase(4L << 30, 16, 8, 8)]           // hyper-threads are not extra cores
    [TestCase(4L << 30, 4, 8, 4)]            // a container limit below the cores wins
    [TestCase(4L << 30, 6, null, 6)]         // unknown topology: the processors available
    public void Choose_FollowsTheMeasuredRule(long weightBytes, int processors, int? physicalCores, int expected)
    {
        Assert.That(GgufThreadRule.Choose(weightBytes, processors, physicalCores), Is.EqualTo(expected));
    }

    [Test]
    public void PhysicalCoreCount_CountsSiblingGroupsOnce()
    {
        string root = Directory.CreateTempSubdirectory("benny-cpu-").FullName;
        try
        {
            foreach ((string cpu, string siblings) in new[] { ("cpu0", "0,2"), ("cpu1", "1,3"), ("cpu2", "0,2"), ("cpu3", "1,3") })
            {
                Directory.CreateDirectory(Path.Combine(root, cpu, "topology"));
                File.WriteAllText(Path.Combine(root, cpu, "topology", "thread_siblings_list"), siblings + "\n");
            }

            Assert.That(GgufThreadRule.PhysicalCoreCount(root), Is.EqualTo(2));
            Assert.That(GgufThreadRule.PhysicalCoreCount(Path.Combine(root, "missing")), Is.Null);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
