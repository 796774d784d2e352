namespace Benny.Runtime.Tests.Templates;

/// <summary>
/// Every real chat template in ../shared/templates rendered with many OpenAI-format conversations, here and with
/// Python's Jinja2 (one oracle process for all cases), compared byte for byte, failures included.
/// </summary>
[TestFixture]
public sealed class ChatTemplateDifferentialTests
{
    private const string Weather =
        """{"type": "function", "function": {"name": "get_weather", "description": "Get the current weather in a city.", "parameters": {"type": "object", "properties": {"city": {"type": "string", "description": "The city, e.g. Paris"}, "unit": {"type": "string", "enum": ["celsius", "fahrenheit"], "description": "Temperature unit"}}, "required": ["city"]}}}""";

    private const string Search =
        """{"type": "function", "function": {"name": "search", "description": "Search the web.", "parameters": {"type": "object", "properties": {"query": {"type": "string", "description": "What to look for"}, "max_results": {"type": "integer", "description": "At most this many"}, "tags": {"type": "array", "items": {"type": "string"}, "description": "Filter tags"}, "options": {"type": "object", "additionalProperties": {"type": "number"}, "description": "Weights"}, "mode": {"type": ["string", "null"], "description": "Mode"}}, "required": ["query"]}, "return": {"type": "array", "description": "The hits"}}}""";

    private const string NoParams =
        """{"type": "function", "function": {"name": "get_time", "description": "Current time, ünïcode.", "parameters": {"type": "object", "properties": {}}}}""";

    private const string CallDict =
        """{"id": "call12345", "type": "function", "function": {"name": "get_weather", "arguments": {"city": "Paris", "unit": "celsius"}}}""";

    private const string CallString =
        """{"id": "call12345", "type": "function", "function": {"name": "get_weather", "arguments": "{\"city\": \"Paris\", \"unit\": \"celsius\"}"}}""";

    private const string CallSearch =
        """{"id": "call67890", "type": "function", "function": {"name": "search", "arguments": {"query": "Zürich weather", "max_results": 3}}}""";

    private const string CallSearchString =
        """{"id": "call67890", "type": "function", "function": {"name": "search", "arguments": "{\"query\": \"Zürich weather\", \"max_results\": 3}"}}""";

    private const string Tokens = """ "bos_token": "<s>", "eos_token": "</s>" """;

    /// <summary>Conversations (template variables as JSON), by name.</summary>
    private static readonly (string Name, string Variables)[] Conversations =
    [
        ("user", $$"""{"messages": [{"role": "user", "content": "Hello!"}], "add_generation_prompt": true, {{Tokens}}}"""),
        ("user_no_generation_prompt", $$"""{"messages": [{"role": "user", "content": "Hello!"}], "add_generation_prompt": false, {{Tokens}}}"""),
        ("user_no_flags", """{"messages": [{"role": "user", "content": "Hi there"}]}"""),
        ("system_user", $$"""{"messages": [{"role": "system", "content": "You are terse."}, {"role": "user", "content": "What is 2+2?"}], "add_generation_prompt": true, {{Tokens}}}"""),
        ("multi_turn", $$"""{"messages": [{"role": "system", "content": "  Be kind.  "}, {"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello! How can I help?"}, {"role": "user", "content": "Tell me a joke.\nA short one."}], "add_generation_prompt": true, {{Tokens}}}"""),
        ("multi_turn_no_system", $$"""{"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!"}, {"role": "user", "content": "Bye"}, {"role": "assistant", "content": "Goodbye."}], "add_generation_prompt": false, {{Tokens}}}"""),
        ("tools_offered", $$"""{"messages": [{"role": "user", "content": "Weather in Paris?"}], "tools": [{{Weather}}, {{Search}}], "add_generation_prompt": true, {{Tokens}}}"""),
        ("tools_offered_system", $$"""{"messages": [{"role": "system", "content": "You help with weather."}, {"role": "user", "content": "Weather in Paris?"}], "tools": [{{Weather}}, {{NoParams}}], "add_generation_prompt": true, {{Tokens}}}"""),
        ("tool_call_dict_arguments", $$"""{"messages": [{"role": "user", "content": "Weather in Paris?"}, {"role": "assistant", "content": null, "tool_calls": [{{CallDict}}]}, {"role": "tool", "tool_call_id": "call12345", "name": "get_weather", "content": "{\"temperature\": 21}"}], "tools": [{{Weather}}], "add_generation_prompt": true, {{Tokens}}}"""),
        ("tool_call_string_arguments", $$"""{"messages": [{"role": "user", "content": "Weather in Paris?"}, {"role": "assistant", "content": null, "tool_calls": [{{CallString}}]}, {"role": "tool", "tool_call_id": "call12345", "name": "get_weather", "content": "21 degrees"}], "tools": [{{Weather}}], "add_generation_prompt": true, {{Tokens}}}"""),
        ("tool_call_empty_content_then_answer", $$"""{"messages": [{"role": "system", "content": "Use tools."}, {"role": "user", "content": "Weather in Paris?"}, {"role": "assistant", "content": "", "tool_calls": [{{CallDict}}]}, {"role": "tool", "tool_call_id": "call12345", "name": "get_weather", "content": "sunny"}, {"role": "assistant", "content": "It is sunny."}, {"role": "user", "content": "Thanks"}], "tools": [{{Weather}}], "add_generation_prompt": true, {{Tokens}}}"""),
        ("parallel_tool_calls", $$"""{"messages": [{"role": "user", "content": "Weather and news?"}, {"role": "assistant", "content": null, "tool_calls": [{{CallDict}}, {{CallSearch}}]}, {"role": "tool", "tool_call_id": "call12345", "name": "get_weather", "content": "sunny"}, {"role": "tool", "tool_call_id": "call67890", "name": "search", "content": "3 hits"}], "tools": [{{Weather}}, {{Search}}], "add_generation_prompt": true, {{Tokens}}}"""),
        ("parallel_tool_calls_string_arguments", $$"""{"messages": [{"role": "user", "content": "Weather and news?"}, {"role": "assistant", "content": null, "tool_calls": [{{CallString}}, {{CallSearchString}}]}, {"role": "tool", "tool_call_id": "call12345", "name": "get_weather", "content": "sunny"}, {"role": "tool", "tool_call_id": "call67890", "name": "search", "content": "3 hits"}, {"role": "assistant", "content": "Sunny, and 3 hits."}], "tools": [{{Weather}}, {{Search}}], "add_generation_prompt": false, {{Tokens}}}"""),
        ("tool_call_with_text", $$"""{"messages": [{"role": "user", "content": "Weather?"}, {"role": "assistant", "content": "Let me check.", "tool_calls": [{{CallString}}]}, {"role": "tool", "tool_call_id": "call12345", "content": "rain"}], "add_generation_prompt": true, {{Tokens}}}"""),
        ("tool_result_object_content", $$"""{"messages": [{"role": "user", "content": "Weather?"}, {"role": "assistant", "content": null, "tool_calls": [{{CallDict}}]}, {"role": "tool", "tool_call_id": "call12345", "name": "get_weather", "content": {"temperature": 21, "sky": "clear"} }], "tools": [{{Weather}}], "add_generation_prompt": true, {{Tokens}}}"""),
        ("non_ascii", $$"""{"messages": [{"role": "system", "content": "Réponds en français — «poliment»."}, {"role": "user", "content": "Grüße! 你好 🌍 ¿qué tal?"}, {"role": "assistant", "content": "Ça va très bien ✓"}, {"role": "user", "content": "Ünïcödé ☃ \u0000 tab\tend"}], "add_generation_prompt": true, {{Tokens}}}"""),
        ("special_characters", """{"messages": [{"role": "user", "content": "Quotes \" ' and \\ backslash, {{ braces }} {% tags %} <b>html</b> & amp\r\nwindows line"}], "add_generation_prompt": true, "bos_token": "<s>", "eos_token": "</s>"}"""),
        ("empty_content", $$"""{"messages": [{"role": "user", "content": ""}, {"role": "assistant", "content": ""}, {"role": "user", "content": "   "}], "add_generation_prompt": true, {{Tokens}}}"""),
        ("content_null", $$"""{"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": null}], "add_generation_prompt": false, {{Tokens}}}"""),
        ("content_missing", $$"""{"messages": [{"role": "user"}], "add_generation_prompt": true, {{Tokens}}}"""),
        ("reasoning", $$"""{"messages": [{"role": "user", "content": "2+2?"}, {"role": "assistant", "content": "<think>\nSimple sum.\n</think>\n\n4"}, {"role": "user", "content": "3+3?"}], "add_generation_prompt": true, "enable_thinking": false, {{Tokens}}}"""),
        ("reasoning_content_field", $$"""{"messages": [{"role": "user", "content": "2+2?"}, {"role": "assistant", "content": "4", "reasoning_content": "add them"}], "add_generation_prompt": false, {{Tokens}}}"""),
        ("system_only", $$"""{"messages": [{"role": "system", "content": "Only a system message."}], "add_generation_prompt": true, {{Tokens}}}"""),
        ("tools_null", $$"""{"messages": [{"role": "user", "content": "Hello"}], "tools": null, "add_generation_prompt": true, {{Tokens}}}"""),
        ("tools_empty", $$"""{"messages": [{"role": "user", "content": "Hello"}], "tools": [], "add_generation_prompt": true, {{Tokens}}}"""),
        ("no_messages", $$"""{"messages": [], "add_generation_prompt": true, {{Tokens}}}"""),
        ("roles_not_alternating", $$"""{"messages": [{"role": "user", "content": "A"}, {"role": "user", "content": "B"}], "add_generation_prompt": true, {{Tokens}}}"""),
        ("llama_options", $$"""{"messages": [{"role": "system", "content": "Sys"}, {"role": "user", "content": "Hi"}], "tools": [{{Weather}}], "tools_in_user_message": false, "date_string": "01 Jan 2025", "builtin_tools": ["brave_search", "code_interpreter"], "add_generation_prompt": true, {{Tokens}}}"""),
        ("granite_documents", $$"""{"messages": [{"role": "user", "content": "Summarize."}], "documents": [{"doc_id": 1, "text": "Doc one."}, {"doc_id": "b", "text": "Doc two."}], "controls": {"citations": true, "length": "short"}, "add_generation_prompt": true, {{Tokens}}}"""),
        ("phi4_system_tools_string", $$"""{"messages": [{"role": "system", "content": "Sys", "tools": "[{\"name\": \"f\"}]"}, {"role": "user", "content": "Hi"}], "add_generation_prompt": true, {{Tokens}}}"""),
    ];

    private static readonly string[] TemplateFiles =
    [
        "HuggingFaceTB-SmolLM2-135M-Instruct.jinja",
        "NousResearch-Hermes-3-Llama-3.1-8B-tool_use.jinja",
        "Qwen-Qwen2.5-7B-Instruct.jinja",
        "Qwen-Qwen3-0.6B.jinja",
        "deepseek-ai-DeepSeek-R1-Distill-Qwen-32B.jinja",
        "google-gemma-2-2b-it.jinja",
        "ibm-granite-granite-3.3-2B-Instruct.jinja",
        "llama-cpp-microsoft-Phi-4-mini-instruct.jinja",
        "meta-llama-Llama-3.1-8B-Instruct.jinja",
        "meta-llama-Llama-3.2-3B-Instruct.jinja",
        "microsoft-Phi-3.5-mini-instruct.jinja",
        "microsoft-Phi-4-mini-instruct.jinja",
        "mistralai-Mistral-Nemo-Instruct-2407.jinja",
    ];

    private static Dictionary<string, RenderOutcome>? _expected;

    private static string TemplatePath(string file) => Path.Combine(JinjaOracle.RepositoryRoot(), "..", "shared", "templates", file);

    private static readonly Lazy<Dictionary<string, OracleCase>> CasesById = new(() =>
        (from file in TemplateFiles
         from conversation in Conversations
         select new OracleCase($"{file}/{conversation.Name}", null, TemplatePath(file), conversation.Variables)).ToDictionary(c => c.Id));

    private static IEnumerable<OracleCase> AllCases() => CasesById.Value.Values;

    private static IEnumerable<TestCaseData> Cases() =>
        from file in TemplateFiles
        from conversation in Conversations
        select new TestCaseData(file, conversation.Name).SetName($"Render_{Path.GetFileNameWithoutExtension(file)}_{conversation.Name}_MatchesJinja2");

    [OneTimeSetUp]
    public static void RunOracle()
    {
        var cases = AllCases().ToList();
        Assert.That(File.Exists(cases[0].TemplatePath), $"the shared templates are expected at {Path.GetFullPath(cases[0].TemplatePath!)}");
        _expected = JinjaOracle.RunPython(cases);
    }

    [TestCaseSource(nameof(Cases))]
    public void Render_RealTemplate_MatchesJinja2(string file, string conversation)
    {
        var c = CasesById.Value[$"{file}/{conversation}"];
        JinjaOracle.AssertSame(_expected![c.Id], JinjaOracle.RenderHere(c));
    }

    [Test]
    public void Oracle_Cases_CoverEveryTemplateWithEnoughConversations()
    {
        Assert.That(TemplateFiles, Has.Length.EqualTo(13));
        Assert.That(Conversations.Length, Is.GreaterThanOrEqualTo(15));
        Assert.That(Directory.GetFiles(Path.Combine(JinjaOracle.RepositoryRoot(), "..", "shared", "templates"), "*.jinja").Select(Path.GetFileName), Is.EquivalentTo(TemplateFiles));
    }

    [Test]
    public void Oracle_Outcomes_IncludeSuccessesAndEachFailureClass()
    {
        // Guards the comparison itself: a broken oracle that always fails (or never does) would make every case trivial.
        var kinds = _expected!.Values.GroupBy(v => v.Kind).ToDictionary(g => g.Key, g => g.Count());
        Assert.That(kinds.GetValueOrDefault("ok"), Is.GreaterThan(200), string.Join(", ", kinds));
        Assert.That(kinds.Keys, Is.SupersetOf(new[] { "ok", "raise", "undefined", "other" }));
    }
}
