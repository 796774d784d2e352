using System.Text.RegularExpressions;
using Benny.Runtime.Templates.ToolCalling;

namespace Benny.Runtime.Tests.Templates.ToolCalling;

[TestFixture]
public class ToolCallFormatInfoTests
{
    [Test]
    public void For_EveryFormat_DescribesThatFormat()
    {
        foreach (ToolCallFormat format in Enum.GetValues<ToolCallFormat>())
        {
            ToolCallFormatInfo info = ToolCallFormatInfo.For(format);
            Assert.That(info.Format, Is.EqualTo(format));
            Assert.That(info.Triggers, format == ToolCallFormat.None ? Is.Empty : Is.Not.Empty, format.ToString());
        }
    }

    [Test]
    public void For_UnknownFormat_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ToolCallFormatInfo.For((ToolCallFormat)42));
    }

    [Test]
    public void Triggers_PatternMatchesTheirText()
    {
        foreach (ToolCallTrigger trigger in Enum.GetValues<ToolCallFormat>().SelectMany(f => ToolCallFormatInfo.For(f).Triggers))
        {
            Assert.That(Regex.IsMatch(trigger.Text + "...", trigger.Pattern, RegexOptions.ECMAScript), Is.True, trigger.ToString());
        }
    }

    [Test]
    public void LlamaStartTrigger_MatchesOnlyAtTheStart()
    {
        ToolCallTrigger start = ToolCallFormatInfo.For(ToolCallFormat.Llama3Json).Triggers.Single(t => t.AtMessageStartOnly);

        Assert.Multiple(() =>
        {
            Assert.That(Regex.IsMatch("\n { \"name\" : \"f\"", start.Pattern, RegexOptions.ECMAScript), Is.True);
            Assert.That(Regex.IsMatch("Use {\"name\": \"f\"", start.Pattern, RegexOptions.ECMAScript), Is.False);
        });
    }

    // Ties the trigger data to real output: each rendered call turn starts with one of its format's triggers.
    [Test]
    public void Triggers_MatchTheStartOfEveryRenderedCall()
    {
        foreach (ToolCallSample sample in ToolCallSamples.FromTemplates.Where(s => s.Reasoning == ReasoningFormat.None))
        {
            ToolCallFormatInfo info = ToolCallFormatInfo.For(sample.Format);
            Assert.That(
                info.Triggers.Any(t => Regex.IsMatch(sample.Output, "^" + t.Pattern.TrimStart('^'), RegexOptions.ECMAScript)),
                Is.True,
                sample.Name);
        }
    }

    [Test]
    public void Closers_AndKeys_AreThoseOfTheTemplates()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ToolCallFormatInfo.For(ToolCallFormat.Hermes).Closer, Is.EqualTo("</tool_call>"));
            Assert.That(ToolCallFormatInfo.For(ToolCallFormat.Phi4Mini).Closer, Is.EqualTo("<|/tool_call|>"));
            Assert.That(ToolCallFormatInfo.For(ToolCallFormat.Granite).Closer, Is.Null);
            Assert.That(ToolCallFormatInfo.For(ToolCallFormat.Llama3Json).ArgumentsKey, Is.EqualTo("parameters"));
            Assert.That(ToolCallFormatInfo.For(ToolCallFormat.MistralNemo).CallIdsFromModel, Is.True);
            Assert.That(ToolCallFormatInfo.For(ToolCallFormat.Llama3Json).MultipleCallsPerTurn, Is.False);
        });
    }
}
