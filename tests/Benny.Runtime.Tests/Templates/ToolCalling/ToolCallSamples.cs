using Benny.Runtime.Templates.ToolCalling;
using Benny.Runtime.Tests.Templates.ToolCalling.TestData;

namespace Benny.Runtime.Tests.Templates.ToolCalling;

/// <summary>An expected call: its name, its arguments as JSON, the id when the model gives one, and whether it is malformed.</summary>
internal sealed record ExpectedCall(string Name, string? ArgumentsJson, string? Id = null, bool Malformed = false);

/// <summary>A model output with the text, reasoning and calls a parse must produce.</summary>
internal sealed record ToolCallSample(
    string Name,
    ToolCallFormat Format,
    ReasoningFormat Reasoning,
    string Output,
    string Text,
    string ReasoningText,
    params ExpectedCall[] Calls)
{
    public override string ToString() => Name;
}

/// <summary>The outputs the parser and stream tests share.</summary>
internal static class ToolCallSamples
{
    private const string Weather = """{"city": "São Paulo", "unit": "celsius"}""";
    private const string Time = """{"timezone": "America/Sao_Paulo", "format": {"hours": 24, "seconds": false}}""";

    // What the templates render themselves (TestData/RenderedToolCalls.cs, produced with Python Jinja2).
    public static readonly ToolCallSample[] FromTemplates =
    [
        new("Qwen2.5 two calls", ToolCallFormat.Hermes, ReasoningFormat.None, RenderedToolCalls.Qwen25TwoCalls, "", "",
            new("get_weather", Weather), new("get_time", Time)),
        // Qwen2.5 passes string arguments through tojson: the arguments are a JSON string holding the object.
        new("Qwen2.5 string arguments", ToolCallFormat.Hermes, ReasoningFormat.None, RenderedToolCalls.Qwen25StringArguments, "", "",
            new ExpectedCall("get_weather", Weather)),
        new("Qwen3 thinking, text and two calls", ToolCallFormat.Hermes, ReasoningFormat.ThinkTags, RenderedToolCalls.Qwen3ThinkingTextAndTwoCalls,
            "I will look both up.", "The user wants weather and time.", new("get_weather", Weather), new("get_time", Time)),
        // An empty think block (what the template writes for the last turn without reasoning), then a call.
        new("Qwen3 empty thinking, one call", ToolCallFormat.Hermes, ReasoningFormat.ThinkTags, RenderedToolCalls.Qwen3StringArguments, "", "",
            new ExpectedCall("get_weather", Weather)),
        new("Hermes 3 two calls", ToolCallFormat.Hermes, ReasoningFormat.None, RenderedToolCalls.Hermes3TwoCalls, "", "",
            new("get_weather", Weather), new("get_time", Time)),
        new("Llama 3.1 one call", ToolCallFormat.Llama3Json, ReasoningFormat.None, RenderedToolCalls.Llama31OneCall, "", "",
            new ExpectedCall("get_weather", Weather)),
        new("Llama 3.1 built-in tool", ToolCallFormat.Llama3Json, ReasoningFormat.None, RenderedToolCalls.Llama31BuiltinToolCall, "", "",
            new ExpectedCall("brave_search", """{"query": "weather São Paulo"}""")),
        new("Llama 3.2 one call", ToolCallFormat.Llama3Json, ReasoningFormat.None, RenderedToolCalls.Llama32OneCall, "", "",
            new ExpectedCall("get_weather", Weather)),
        new("Mistral Nemo two calls with ids", ToolCallFormat.MistralNemo, ReasoningFormat.None, RenderedToolCalls.MistralNemoTwoCalls, "", "",
            new("get_weather", Weather, "wthr12345"), new("get_time", Time, "time12345")),
        new("Mistral Nemo string arguments", ToolCallFormat.MistralNemo, ReasoningFormat.None, RenderedToolCalls.MistralNemoStringArguments, "", "",
            new ExpectedCall("get_weather", Weather, "wthr12345")),
        new("Phi-4-mini (llama.cpp template) two calls", ToolCallFormat.Phi4Mini, ReasoningFormat.None, RenderedToolCalls.Phi4MiniLlamaCppTwoCalls, "", "",
            new("get_weather", Weather), new("get_time", Time)),
        new("DeepSeek-R1 one call (no calls-end marker)", ToolCallFormat.DeepSeekR1, ReasoningFormat.None, RenderedToolCalls.DeepSeekR1OneCall, "", "",
            new ExpectedCall("get_weather", Weather)),
        new("DeepSeek-R1 two calls", ToolCallFormat.DeepSeekR1, ReasoningFormat.None, RenderedToolCalls.DeepSeekR1TwoCalls, "", "",
            new("get_weather", Weather), new("get_time", Time)),
        // The three-call rendering puts <｜end▁of▁sentence｜> after the second call; generation stops at that token.
        new("DeepSeek-R1 three calls, cut at end of sentence", ToolCallFormat.DeepSeekR1, ReasoningFormat.None,
            RenderedToolCalls.DeepSeekR1ThreeCalls[..RenderedToolCalls.DeepSeekR1ThreeCalls.IndexOf("<｜end▁of▁sentence｜>", StringComparison.Ordinal)], "", "",
            new("get_weather", Weather), new("get_time", Time)),
        // The generation prompt opened <think>: the output is reasoning, </think>, then what the template renders.
        new("DeepSeek-R1 reasoning opened by the prompt, then a call", ToolCallFormat.DeepSeekR1, ReasoningFormat.ThinkTagsOpenedByPrompt,
            "The user asks about the weather.\n</think>\n\n" + RenderedToolCalls.DeepSeekR1OneCall, "", "The user asks about the weather.",
            new ExpectedCall("get_weather", Weather)),
    ];

    // Written by hand, each from the template's or the README's description of the format.
    public static readonly ToolCallSample[] Other =
    [
        // Granite 3.3's system text: "respond only with <|tool_call|> followed by a JSON list of tools used"; its template
        // never renders calls, so this follows the instruction with the argument layout of its tool list.
        new("Granite list of two calls", ToolCallFormat.Granite, ReasoningFormat.None,
            "<|tool_call|>[{\"name\": \"get_weather\", \"arguments\": " + Weather + "}, {\"name\": \"get_time\", \"arguments\": " + Time + "}]", "", "",
            new("get_weather", Weather), new("get_time", Time)),
        // Ollama's template for Phi-4-mini writes <|tool_call|>[{"name":…,"arguments":…}]<|/tool_call|> (shared README).
        new("Phi-4-mini list in one block (Ollama form)", ToolCallFormat.Phi4Mini, ReasoningFormat.None,
            "<|tool_call|>[{\"name\":\"get_weather\",\"arguments\":" + Weather + "}]<|/tool_call|>", "", "",
            new ExpectedCall("get_weather", Weather)),
        new("Hermes text before and after", ToolCallFormat.Hermes, ReasoningFormat.None,
            "Let me check.\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": " + Weather + "}\n</tool_call>\nDone.",
            "Let me check.\nDone.", "", new ExpectedCall("get_weather", Weather)),
        new("Hermes look-alikes stay text", ToolCallFormat.Hermes, ReasoningFormat.None,
            "if a < b use <tool> or <tool_calls, not </tool_call>", "if a < b use <tool> or <tool_calls, not </tool_call>", ""),
        new("Hermes malformed JSON", ToolCallFormat.Hermes, ReasoningFormat.None,
            "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": }\n</tool_call>", "", "",
            new ExpectedCall("get_weather", null, Malformed: true)),
        new("Hermes arguments string that is not JSON", ToolCallFormat.Hermes, ReasoningFormat.None,
            "<tool_call>{\"name\": \"f\", \"arguments\": \"not json\"}</tool_call>", "", "", new ExpectedCall("f", null, Malformed: true)),
        new("Hermes call without a name", ToolCallFormat.Hermes, ReasoningFormat.None,
            "<tool_call>{\"arguments\": {}}</tool_call>", "", "", new ExpectedCall("", null, Malformed: true)),
        new("Hermes cut off inside the JSON", ToolCallFormat.Hermes, ReasoningFormat.None,
            "Checking.<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Par", "Checking.", "",
            new ExpectedCall("get_weather", null, Malformed: true)),
        new("Hermes cut off before the closer", ToolCallFormat.Hermes, ReasoningFormat.None,
            "<tool_call>\n{\"name\": \"f\", \"arguments\": {\"n\": null}}\n", "", "", new ExpectedCall("f", """{"n": null}""")),
        new("Hermes without arguments", ToolCallFormat.Hermes, ReasoningFormat.None,
            "<tool_call>{\"name\": \"now\"}</tool_call>", "", "", new ExpectedCall("now", "{}")),
        new("Qwen3 call inside thinking is reasoning", ToolCallFormat.Hermes, ReasoningFormat.ThinkTags,
            "<think>\nMaybe <tool_call>{\"name\": \"x\"}</tool_call>?\n</think>\n\nNo call needed.", "No call needed.",
            "Maybe <tool_call>{\"name\": \"x\"}</tool_call>?"),
        new("Thinking format, output without thinking", ToolCallFormat.Hermes, ReasoningFormat.ThinkTags,
            "  <thin ice", "<thin ice", ""),
        new("Reasoning opened by the prompt, never closed", ToolCallFormat.DeepSeekR1, ReasoningFormat.ThinkTagsOpenedByPrompt,
            "Still thinking about <｜tool▁calls▁begin｜>", "", "Still thinking about <｜tool▁calls▁begin｜>"),
        new("Reasoning opened by the prompt, opener repeated", ToolCallFormat.DeepSeekR1, ReasoningFormat.ThinkTagsOpenedByPrompt,
            "<think>\nHmm.\n</think>\n\nIt is sunny.", "It is sunny.", "Hmm."),
        new("Llama JSON that is not a call stays text", ToolCallFormat.Llama3Json, ReasoningFormat.None,
            "{\"answer\": 42}", "{\"answer\": 42}", ""),
        new("Llama call JSON after text stays text", ToolCallFormat.Llama3Json, ReasoningFormat.None,
            "Use {\"name\": \"f\", \"parameters\": {}}", "Use {\"name\": \"f\", \"parameters\": {}}", ""),
        new("Llama calls separated by semicolons", ToolCallFormat.Llama3Json, ReasoningFormat.None,
            "{\"name\": \"a\", \"parameters\": {}}; {\"name\": \"b\", \"parameters\": {\"x\": 1}}", "", "",
            new("a", "{}"), new("b", """{"x": 1}""")),
        new("Llama spaced JSON call", ToolCallFormat.Llama3Json, ReasoningFormat.None,
            "\n{ \"name\" : \"get_weather\", \"parameters\": " + Weather + " }", "", "", new ExpectedCall("get_weather", Weather)),
        new("Llama python tag with JSON", ToolCallFormat.Llama3Json, ReasoningFormat.None,
            "<|python_tag|>{\"name\": \"get_weather\", \"parameters\": " + Weather + "}", "", "", new ExpectedCall("get_weather", Weather)),
        new("Llama built-in call with several argument kinds", ToolCallFormat.Llama3Json, ReasoningFormat.None,
            "<|python_tag|>wolfram_alpha.call(query='2 + 2 = \\'4\\'', limit=3, exact=True, hint=None)", "", "",
            new ExpectedCall("wolfram_alpha", """{"query": "2 + 2 = '4'", "limit": 3, "exact": true, "hint": null}""")),
        new("Mistral text only", ToolCallFormat.MistralNemo, ReasoningFormat.None,
            "The weather is [fine].", "The weather is [fine].", ""),
        new("Mistral call without id gets one", ToolCallFormat.MistralNemo, ReasoningFormat.None,
            "[TOOL_CALLS][{\"name\": \"f\", \"arguments\": {}}]", "", "", new ExpectedCall("f", "{}")),
        new("Mistral opener without JSON", ToolCallFormat.MistralNemo, ReasoningFormat.None,
            "[TOOL_CALLS] sorry", "sorry", "", new ExpectedCall("", null, Malformed: true)),
        new("Hermes whitespace before an opener is dropped", ToolCallFormat.Hermes, ReasoningFormat.None,
            "a <tool_call>{\"name\": \"f\"}</tool_call>b", "ab", "", new ExpectedCall("f", "{}")),
        new("Phi-4-mini block cut off before its closer", ToolCallFormat.Phi4Mini, ReasoningFormat.None,
            "<|tool_call|>{\"name\": \"f\", \"arguments\": {\"a\": [1, 2]}}<|/tool_", "", "", new ExpectedCall("f", """{"a": [1, 2]}""")),
        new("DeepSeek-R1 call without the list marker, then text", ToolCallFormat.DeepSeekR1, ReasoningFormat.None,
            "Calling.\n<｜tool▁call▁begin｜>function<｜tool▁sep｜>f\n```json\n{\"a\": 1}\n```<｜tool▁call▁end｜>\nDone.", "Calling.\nDone.", "",
            new ExpectedCall("f", """{"a": 1}""")),
        new("DeepSeek-R1 arguments that are not JSON", ToolCallFormat.DeepSeekR1, ReasoningFormat.None,
            "<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>f\n```json\n{a: 1}\n```<｜tool▁call▁end｜><｜tool▁calls▁end｜>", "", "",
            new ExpectedCall("f", null, Malformed: true)),
        new("No format keeps markup as text", ToolCallFormat.None, ReasoningFormat.None,
            " Hello <tool_call>{\"name\": \"f\"}</tool_call> ", "Hello <tool_call>{\"name\": \"f\"}</tool_call>", ""),
    ];

    public static IEnumerable<ToolCallSample> All => FromTemplates.Concat(Other);
}
