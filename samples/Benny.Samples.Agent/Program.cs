// Benny agent sample: a tool-calling loop with Microsoft.Extensions.AI's UseFunctionInvocation() over the tier router.
// A request with tools goes to the heavy tier; the model calls a function, the function runs, its result goes back
// through the model's chat template, and the model answers.
//
//   dotnet run --project samples/Benny.Samples.Agent                     embedded synthetic models (random weights)
//   dotnet run --project samples/Benny.Samples.Agent -- --model x.gguf   a real model with a tool-calling template
using System.ComponentModel;
using System.Text.Json;
using Benny.Engines.Gguf;
using Benny.Runtime;
using Benny.Runtime.Routing;
using Benny.Samples;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

string? modelPath = null;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--model" when i + 1 < args.Length: modelPath = args[++i]; break;
        case "--help" or "-h":
            Console.WriteLine("usage: Benny.Samples.Agent [--model <path.gguf>]   (a model whose chat template supports tools: Qwen2.5, Llama 3.1/3.2, Mistral Nemo, Hermes-3, ...)");
            return 0;
        default:
            Console.Error.WriteLine($"Unknown argument '{args[i]}'. Use --model <path.gguf>, or --help.");
            return 2;
    }
}

bool synthetic = modelPath is null;
var services = new ServiceCollection();
string light, heavy;
if (synthetic)
{
    Console.WriteLine($"Preparing the synthetic models in {DemoModels.CacheFolder} (built on first run, then cached):");
    (light, heavy) = DemoModels.EnsureBuilt(line => Console.WriteLine("  " + line));
    Console.WriteLine("Models: synthetic, with random weights: the calls and the answer are well-formed (grammars) but meaningless. "
        + "For a real agent: dotnet run --project samples/Benny.Samples.Agent -- --model path/to/qwen2.5-7b-instruct-q4_k_m.gguf");
}
else
{
    light = heavy = PathExpansion.GetFullPath(modelPath!);
    if (!File.Exists(light))
    {
        Console.Error.WriteLine($"error: The model file '{light}' does not exist. Give the path of a GGUF model with --model.");
        return 1;
    }

    Console.WriteLine($"Model: {light} for both tiers.");
}

services.AddBenny(options =>
{
    DemoModels.Register(options, light, heavy);
    if (synthetic)
    {
        // The synthetic models' own ChatML template knows no tools: give the heavy one a ChatML template with tools.
        options.Models["benny-tool-m"].Settings["ChatTemplatePath"] = Path.Combine(AppContext.BaseDirectory, "templates", "chatml-tools.jinja");
    }
}).AddGgufEngine().AddTierRouter();

await using ServiceProvider provider = services.BuildServiceProvider();
IChatClient router = provider.GetRequiredService<IChatClient>();
IChatClient agent = new ChatClientBuilder(router)
    .UseFunctionInvocation()
    .Use(synthetic ? inner => new SyntheticAnswerShaper(inner) : inner => inner) // inside the loop: sees each model call
    .Build();

AIFunction weather = AIFunctionFactory.Create(GetWeather, "get_weather");
var options = new ChatOptions
{
    Tools = [weather],

    // A real model decides by itself whether to call; random weights would never write a call unless it is required.
    // The function-invoking client requires it for the first turn only, then lets the model answer.
    ToolMode = synthetic ? ChatToolMode.RequireAny : ChatToolMode.Auto,
    AllowMultipleToolCalls = false,
    MaxOutputTokens = 200,
};

const string Question = "What is the weather like in Oslo right now?";
Console.WriteLine();
Console.WriteLine($"> {Question}");
string? tier = null;
await foreach (ChatResponseUpdate update in agent.GetStreamingResponseAsync(Question, options))
{
    if (update.AdditionalProperties?.TryGetValue(TierRouterChatClient.TierKey, out object? value) == true && value?.ToString() != tier)
    {
        tier = value?.ToString();
        Console.WriteLine($"  tier: {tier} ({update.ModelId}) because {update.AdditionalProperties?[TierRouterChatClient.ReasonKey]}");
    }

    foreach (AIContent content in update.Contents)
    {
        switch (content)
        {
            case FunctionCallContent call:
                Console.WriteLine($"  tool call: {call.Name}({JsonSerializer.Serialize(call.Arguments)})");
                break;
            case FunctionResultContent result:
                Console.WriteLine($"  tool result: {result.Result}");
                Console.Write("  answer: ");
                break;
            case TextContent text:
                Console.Write(ConsoleText.Printable(text.Text));
                break;
        }
    }
}

Console.WriteLine();
return 0;

[Description("Gets the current weather in a city.")]
static string GetWeather([Description("The city.")] City city) => city switch
{
    City.Oslo => "Oslo: 4 degrees, light rain",
    City.Rome => "Rome: 18 degrees, sunny",
    _ => $"{city}: 12 degrees, cloudy",
};

/// <summary>The cities the weather tool knows (an enum, so the model's arguments are constrained to them).</summary>
internal enum City
{
    Oslo,
    Rome,
    Lima,
}

/// <summary>
/// For the synthetic models only: once the function has answered, constrains the answer to sentences of weather words,
/// since random weights would print random bytes. A real model needs nothing of the kind.
/// </summary>
internal sealed class SyntheticAnswerShaper(IChatClient inner) : DelegatingChatClient(inner)
{
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        => base.GetResponseAsync(messages, Shape(messages, options), cancellationToken);

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        => base.GetStreamingResponseAsync(messages, Shape(messages, options), cancellationToken);

    private static ChatOptions? Shape(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        if (options is null || messages.LastOrDefault()?.Role != ChatRole.Tool)
        {
            return options;
        }

        ChatOptions answer = options.Clone();
        answer.ToolMode = ChatToolMode.None;
        answer.Temperature = 1f; // the tool preset samples near-greedily, which repeats one word on random weights
        answer.Seed = 5;
        return answer.WithGrammar(SyntheticAnswerGrammars.WeatherAnswer(maxBytes: options.MaxOutputTokens ?? 200));
    }
}
