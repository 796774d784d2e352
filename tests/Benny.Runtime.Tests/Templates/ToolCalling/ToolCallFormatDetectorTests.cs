using Benny.Runtime.Templates.ToolCalling;

namespace Benny.Runtime.Tests.Templates.ToolCalling;

[TestFixture]
public class ToolCallFormatDetectorTests
{
    // Each expectation was decided by reading the template (../shared/templates and its README):
    private static readonly TestCaseData[] Templates =
    [
        // Asks for <tool_call>{"name", "arguments"}</tool_call> in its system text and renders past calls the same way.
        new("Qwen-Qwen2.5-7B-Instruct.jinja", ToolCallFormat.Hermes, ReasoningFormat.None),
        // Same <tool_call> blocks; splits assistant history on '</think>' and writes '<think>\n…\n</think>', but its
        // generation prompt only adds an empty think block when thinking is off, so the model opens <think> itself.
        new("Qwen-Qwen3-0.6B.jinja", ToolCallFormat.Hermes, ReasoningFormat.ThinkTags),
        // "within <tool_call></tool_call> XML tags", past calls rendered as <tool_call>\n{…}\n</tool_call>.
        new("NousResearch-Hermes-3-Llama-3.1-8B-tool_use.jinja", ToolCallFormat.Hermes, ReasoningFormat.None),
        // Renders a call as the whole turn: {"name": …, "parameters": …}; built-in tools as <|python_tag|>name.call(…).
        new("meta-llama-Llama-3.1-8B-Instruct.jinja", ToolCallFormat.Llama3Json, ReasoningFormat.None),
        // Same JSON turn, without <|python_tag|>: detected by the Llama 3 header tokens and its tool_calls handling.
        new("meta-llama-Llama-3.2-3B-Instruct.jinja", ToolCallFormat.Llama3Json, ReasoningFormat.None),
        // No tools at all: keeps system/user/assistant content only.
        new("microsoft-Phi-3.5-mini-instruct.jinja", ToolCallFormat.None, ReasoningFormat.None),
        // Lists tools between <|tool|> and <|/tool|> on the system message but never renders calls; the model answers with
        // <|tool_call|>…<|/tool_call|> (what Ollama's template for it writes), so it gets the Phi-4-mini format.
        new("microsoft-Phi-4-mini-instruct.jinja", ToolCallFormat.Phi4Mini, ReasoningFormat.None),
        // Instructs and renders <|tool_call|>{…}<|/tool_call|>.
        new("llama-cpp-microsoft-Phi-4-mini-instruct.jinja", ToolCallFormat.Phi4Mini, ReasoningFormat.None),
        // ChatML without any tool handling.
        new("HuggingFaceTB-SmolLM2-135M-Instruct.jinja", ToolCallFormat.None, ReasoningFormat.None),
        // user/model turns only; raises on a system message; no tools.
        new("google-gemma-2-2b-it.jinja", ToolCallFormat.None, ReasoningFormat.None),
        // "respond only with <|tool_call|> followed by a JSON list of tools used" (no closing tag). Its thinking mode asks
        // for <think></think>, which the parser then reads as reasoning when the output starts with it.
        new("ibm-granite-granite-3.3-2B-Instruct.jinja", ToolCallFormat.Granite, ReasoningFormat.ThinkTags),
        // Renders [TOOL_CALLS][{…, "id": "…"}] and lists tools in [AVAILABLE_TOOLS].
        new("mistralai-Mistral-Nemo-Instruct-2407.jinja", ToolCallFormat.MistralNemo, ReasoningFormat.None),
        // Renders <｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>…; the generation prompt is
        // '<｜Assistant｜><think>\n', so the output starts inside the reasoning.
        new("deepseek-ai-DeepSeek-R1-Distill-Qwen-32B.jinja", ToolCallFormat.DeepSeekR1, ReasoningFormat.ThinkTagsOpenedByPrompt),
    ];

    [TestCaseSource(nameof(Templates))]
    public void Detect_RealTemplate_ReturnsItsFormat(string fileName, ToolCallFormat expected, ReasoningFormat _)
    {
        Assert.That(ToolCallFormatDetector.Detect(SharedTemplates.Read(fileName)), Is.EqualTo(expected));
    }

    [TestCaseSource(nameof(Templates))]
    public void DetectReasoning_RealTemplate_ReturnsItsReasoningFormat(string fileName, ToolCallFormat _, ReasoningFormat expected)
    {
        Assert.That(ToolCallFormatDetector.DetectReasoning(SharedTemplates.Read(fileName)), Is.EqualTo(expected));
    }

    [Test]
    public void Templates_CoverEveryFileInTheSharedFolder()
    {
        Assert.That(Templates.Select(t => (string)t.Arguments[0]!), Is.EquivalentTo(SharedTemplates.All));
    }

    [Test]
    public void Detect_EmptyTemplate_ReturnsNone()
    {
        Assert.That(ToolCallFormatDetector.Detect(string.Empty), Is.EqualTo(ToolCallFormat.None));
    }

    [Test]
    public void Detect_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => ToolCallFormatDetector.Detect(null!));
        Assert.Throws<ArgumentNullException>(() => ToolCallFormatDetector.DetectReasoning(null!));
    }

    [Test]
    public void Resolve_Configured_OverridesDetection()
    {
        string qwen = SharedTemplates.Read("Qwen-Qwen2.5-7B-Instruct.jinja");

        Assert.Multiple(() =>
        {
            Assert.That(ToolCallFormatDetector.Resolve(ToolCallFormat.MistralNemo, qwen), Is.EqualTo(ToolCallFormat.MistralNemo));
            Assert.That(ToolCallFormatDetector.Resolve(ToolCallFormat.None, qwen), Is.EqualTo(ToolCallFormat.None));
            Assert.That(ToolCallFormatDetector.Resolve(null, qwen), Is.EqualTo(ToolCallFormat.Hermes));
            Assert.That(ToolCallFormatDetector.Resolve(null, null), Is.EqualTo(ToolCallFormat.None));
            Assert.That(ToolCallFormatDetector.ResolveReasoning(ReasoningFormat.ThinkTags, qwen), Is.EqualTo(ReasoningFormat.ThinkTags));
            Assert.That(ToolCallFormatDetector.ResolveReasoning(null, qwen), Is.EqualTo(ReasoningFormat.None));
        });
    }
}
