using System.Text;
using Benny.Runtime.Templates.ToolCalling;
using Microsoft.Extensions.AI;

namespace Benny.Runtime.Tests.Templates.ToolCalling;

[TestFixture]
public class ToolCallStreamParserTests
{
    private static IEnumerable<TestCaseData> Samples =>
        ToolCallSamples.All.Select(s => new TestCaseData(s).SetArgDisplayNames(s.Name));

    [TestCaseSource(nameof(Samples))]
    public void Append_SplitAtEveryPosition_ReleasesWhatTheCompleteParseReturns(object boxed)
    {
        var sample = (ToolCallSample)boxed;
        for (int split = 0; split <= sample.Output.Length; split++)
        {
            AssertStreamMatches(sample, [sample.Output[..split], sample.Output[split..]], $"split at {split}");
        }
    }

    [TestCaseSource(nameof(Samples))]
    public void Append_OneCharacterAtATime_ReleasesWhatTheCompleteParseReturns(object boxed)
    {
        var sample = (ToolCallSample)boxed;
        AssertStreamMatches(sample, sample.Output.Select(c => c.ToString()).ToList(), "one character per piece");
    }

    [TestCaseSource(nameof(Samples))]
    public void Append_RandomSplits_ReleaseWhatTheCompleteParseReturns(object boxed)
    {
        var sample = (ToolCallSample)boxed;
        var random = new Random(sample.Name.Length * 7919);
        for (int round = 0; round < 50; round++)
        {
            var pieces = new List<string>();
            for (int start = 0; start < sample.Output.Length;)
            {
                int length = Math.Min(random.Next(0, 9), sample.Output.Length - start);
                pieces.Add(sample.Output.Substring(start, length));
                start += length;
            }

            AssertStreamMatches(sample, pieces, "pieces " + string.Join("|", pieces));
        }
    }

    [Test]
    public void Append_PartialOpener_IsHeldBackUntilItCannotBeOne()
    {
        var parser = new ToolCallStreamParser(ToolCallFormat.Hermes);

        ToolCallStreamUpdate first = parser.Append("Hello <tool");
        ToolCallStreamUpdate second = parser.Append("box");

        Assert.Multiple(() =>
        {
            Assert.That(first.Text, Is.EqualTo("Hello"));
            Assert.That(second.Text, Is.EqualTo(" <toolbox"));
            Assert.That(parser.ToolCallSeen, Is.False);
        });
    }

    [Test]
    public void Append_Opener_SignalsTheCallAndBuffersUntilTheBlockEnds()
    {
        var parser = new ToolCallStreamParser(ToolCallFormat.Hermes);

        ToolCallStreamUpdate text = parser.Append("Checking.\n<tool_");
        ToolCallStreamUpdate opener = parser.Append("call>\n{\"name\": \"f\", ");
        bool inCallAfterOpener = parser.InToolCall;
        ToolCallStreamUpdate body = parser.Append("\"arguments\": {}}\n</tool_call");
        ToolCallStreamUpdate closer = parser.Append(">");

        Assert.Multiple(() =>
        {
            Assert.That(text.Text, Is.EqualTo("Checking."));
            Assert.That(text.ToolCallStarted, Is.False);
            Assert.That(opener.ToolCallStarted, Is.True);
            Assert.That(opener.IsEmpty, Is.False);
            Assert.That(opener.Text, Is.Empty);
            Assert.That(inCallAfterOpener, Is.True);
            Assert.That(body.IsEmpty, Is.True);
            Assert.That(closer.Calls.Single().Name, Is.EqualTo("f"));
            Assert.That(parser.InToolCall, Is.False);
            Assert.That(parser.ToolCallSeen, Is.True);
        });
    }

    [Test]
    public void Append_LlamaJsonAtMessageStart_IsHeldUntilItIsOrIsNotACall()
    {
        var call = new ToolCallStreamParser(ToolCallFormat.Llama3Json);
        var text = new ToolCallStreamParser(ToolCallFormat.Llama3Json);

        ToolCallStreamUpdate heldCall = call.Append("{\"na");
        ToolCallStreamUpdate opened = call.Append("me\": \"f\", \"parameters\": {");
        ToolCallStreamUpdate heldText = text.Append("{\"na");
        ToolCallStreamUpdate released = text.Append("tion\": 1}");

        Assert.Multiple(() =>
        {
            Assert.That(heldCall.IsEmpty, Is.True);
            Assert.That(opened.ToolCallStarted, Is.True);
            Assert.That(call.InToolCall, Is.True);
            Assert.That(call.Append("}}").Calls.Single().Name, Is.EqualTo("f"));
            Assert.That(heldText.IsEmpty, Is.True);
            Assert.That(released.Text, Is.EqualTo("{\"nation\": 1}"));
            Assert.That(text.ToolCallSeen, Is.False);
        });
    }

    [Test]
    public void Append_ThinkTags_ReleasesReasoningSeparately()
    {
        var parser = new ToolCallStreamParser(ToolCallFormat.Hermes, ReasoningFormat.ThinkTags);

        ToolCallStreamUpdate opening = parser.Append("<thi");
        bool waiting = parser.InReasoning;
        ToolCallStreamUpdate thought = parser.Append("nk>\nLet me see</th");
        bool thinking = parser.InReasoning;
        ToolCallStreamUpdate answer = parser.Append("ink>\n\nSunny.");

        Assert.Multiple(() =>
        {
            Assert.That(opening.IsEmpty, Is.True);
            Assert.That(waiting, Is.False, "ThinkTags does not assume reasoning before <think> appears");
            Assert.That(thought.Reasoning, Is.EqualTo("Let me see"));
            Assert.That(thinking, Is.True);
            Assert.That(answer.Text, Is.EqualTo("Sunny."));
            Assert.That(answer.Reasoning, Is.Empty);
            Assert.That(parser.InReasoning, Is.False);
        });
    }

    [Test]
    public void Complete_Twice_Throws()
    {
        var parser = new ToolCallStreamParser(ToolCallFormat.Hermes);
        parser.Complete();

        Assert.Multiple(() =>
        {
            Assert.That(parser.IsCompleted, Is.True);
            Assert.Throws<InvalidOperationException>(() => parser.Complete());
            Assert.Throws<InvalidOperationException>(() => parser.Append("x"));
        });
    }

    [Test]
    public void Append_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => new ToolCallStreamParser(ToolCallFormat.Hermes).Append(null!));
    }

    private static void AssertStreamMatches(ToolCallSample sample, IReadOnlyList<string> pieces, string description)
    {
        int id = 0;
        var parser = new ToolCallStreamParser(sample.Format, sample.Reasoning, () => "call_" + (++id).ToString("D24", System.Globalization.CultureInfo.InvariantCulture));
        var text = new StringBuilder();
        var reasoning = new StringBuilder();
        var calls = new List<FunctionCallContent>();
        int openers = 0;
        var updates = pieces.Select(parser.Append).ToList();
        updates.Add(parser.Complete());
        foreach (ToolCallStreamUpdate update in updates)
        {
            text.Append(update.Text);
            reasoning.Append(update.Reasoning);
            calls.AddRange(update.Calls);
            openers += update.ToolCallStarted ? 1 : 0;
        }

        Assert.Multiple(() =>
        {
            Assert.That(text.ToString(), Is.EqualTo(sample.Text), "text, " + description);
            Assert.That(reasoning.ToString(), Is.EqualTo(sample.ReasoningText), "reasoning, " + description);
            ToolCallAssert.CallsMatch(calls, sample.Calls);
            Assert.That(openers > 0, Is.EqualTo(sample.Calls.Length > 0), "opener signalled, " + description);
        });
    }
}
