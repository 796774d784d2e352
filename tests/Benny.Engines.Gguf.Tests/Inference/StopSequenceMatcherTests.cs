using Benny.Engines.Gguf.Inference;

namespace Benny.Engines.Gguf.Tests.Inference;

public class StopSequenceMatcherTests
{
    [Test]
    public void Append_StopSplitAcrossPieces_IsFoundAndNeverEmitted()
    {
        var matcher = new StopSequenceMatcher(["</answer>"]);

        string emitted = matcher.Append("42 </an") + matcher.Append("sw") + matcher.Append("er> more");

        Assert.That(emitted, Is.EqualTo("42 "));
        Assert.That(matcher.Stopped, Is.True);
        Assert.That(matcher.Append("ignored"), Is.Empty);
    }

    [Test]
    public void Append_PossibleStartOfStop_IsHeldBackUntilDecided()
    {
        var matcher = new StopSequenceMatcher(["END"]);

        Assert.That(matcher.Append("the E"), Is.EqualTo("the "));
        Assert.That(matcher.Append("ND"), Is.Empty);
        Assert.That(matcher.Stopped, Is.True);
    }

    [Test]
    public void Append_FalseAlarm_ReleasesTheHeldText()
    {
        var matcher = new StopSequenceMatcher(["END"]);

        string emitted = matcher.Append("the E") + matcher.Append("ngland") + matcher.Flush();

        Assert.That(emitted, Is.EqualTo("the England"));
        Assert.That(matcher.Stopped, Is.False);
    }

    [Test]
    public void Append_SeveralStops_TheEarliestWins()
    {
        var matcher = new StopSequenceMatcher(["b c", "a"]);

        Assert.That(matcher.Append("x b c a"), Is.EqualTo("x "));
    }

    [Test]
    public void Append_NoStops_PassesEverythingThrough()
    {
        var matcher = new StopSequenceMatcher(null);

        Assert.That(matcher.Append("abc") + matcher.Append("def"), Is.EqualTo("abcdef"));
        Assert.That(matcher.Flush(), Is.Empty);
    }

    [Test]
    public void Flush_HeldBackTailAtTheEnd_IsReturned()
    {
        var matcher = new StopSequenceMatcher(["\n\nUser:"]);

        Assert.That(matcher.Append("done\n\nUs"), Is.EqualTo("done"));
        Assert.That(matcher.Flush(), Is.EqualTo("\n\nUs"));
    }
}
