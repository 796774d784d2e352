// Benny quickstart, the main job: a light and a heavy local model behind one IChatClient router.
// A classification request goes to the light tier, a long reasoning request to the heavy tier; each
// answer streams with the tier chosen and why, time to first token and tokens per second.
//
//   dotnet run --project samples/Benny.Samples.Quickstart                      embedded synthetic models
//   dotnet run --project samples/Benny.Samples.Quickstart -- --model x.gguf    one real model for both tiers
//   dotnet run --project samples/Benny.Samples.Quickstart -- --config appsettings.json   your registry and router
using System.Diagnostics;
using Benny.Runtime.Hosting;
using Benny.Runtime.Routing;
using Benny.Samples;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

string? modelPath = null;
string? configPath = File.Exists("appsettings.json") ? "appsettings.json" : null;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--model" when i + 1 < args.Length: modelPath = args[++i]; configPath = null; break;
        case "--config" when i + 1 < args.Length: configPath = args[++i]; break;
        case "--help" or "-h":
            Console.WriteLine("usage: Benny.Samples.Quickstart [--model <path.gguf>] [--config <appsettings.json>]");
            return 0;
        default:
            Console.Error.WriteLine($"Unknown argument '{args[i]}'. Use --model <path.gguf> or --config <appsettings.json>.");
            return 2;
    }
}

var total = Stopwatch.StartNew();
var services = new ServiceCollection();
string promptFolder = Path.Combine(AppContext.BaseDirectory, "prompts");
if (configPath is not null)
{
    Console.WriteLine($"Configuration: {Path.GetFullPath(configPath)} (Benny:Models and Benny:Router)");
    IConfiguration configuration = new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(configPath)).Build();
    services.AddBenny(configuration.GetSection("Benny")).AddGgufEngine().AddTierRouter();
}
else
{
    (string light, string heavy) = modelPath is null
        ? DemoModels.EnsureBuilt(line => Console.WriteLine("  " + line))
        : (Path.GetFullPath(modelPath), Path.GetFullPath(modelPath));
    Console.WriteLine(modelPath is null
        ? "Models: embedded synthetic models (random weights: the text is not meaningful, the mechanics are real)."
        : $"Model: {modelPath} for both tiers (one loaded instance, shared).");
    services.AddBenny(options =>
    {
        DemoModels.Register(options, light, heavy);
        options.Prompts.Directory = promptFolder;
    }).AddGgufEngine().AddTierRouter();
}

await using ServiceProvider provider = services.BuildServiceProvider();
provider.GetRequiredService<IStartupValidator>().Validate();
ModelHost host = provider.GetRequiredService<ModelHost>();
int lastStep = -1;
host.LoadProgress += (_, p) =>
{
    int step = (int)(p.Fraction * 20); // redraw in 5 % steps
    if (step != lastStep)
    {
        lastStep = step == 20 ? -1 : step;
        Console.Write($"\r  loading {p.ModelName,-14} {ConsoleText.Bar(p.Fraction)}{(step == 20 ? Environment.NewLine : "")}");
    }
};
IChatClient router = provider.GetRequiredService<IChatClient>();

// Load the tiers' models now, so the times below measure answering, not loading.
foreach (string model in provider.GetRequiredService<IOptions<Benny.Runtime.BennyOptions>>().Value.Router.Tiers.Values.Distinct(StringComparer.OrdinalIgnoreCase))
{
    using ModelLease lease = await host.AcquireAsync(model);
}

(string Title, string Prompt, ChatOptions Options)[] requests =
[
    ("classification",
     "Classify the sentiment of this review as positive, negative or neutral: \"The delivery was late again.\"",
     new ChatOptions().WithTaskProfile(new TaskProfile { Type = "classification" })),
    ("long reasoning",
     "Plan, step by step, how to migrate our ERP database to a new server without downtime, with risks and a rollback plan.",
     new ChatOptions { MaxOutputTokens = 200 }.WithTaskProfile(new TaskProfile { Type = "reasoning", RequiresPlanning = true, Steps = 3, Domain = "erp", EstimatedOutputTokens = 200 })),
];

foreach ((string title, string prompt, ChatOptions options) in requests)
{
    Console.WriteLine();
    Console.WriteLine($"> {title}: {prompt}");
    var clock = Stopwatch.StartNew();
    TimeSpan? firstToken = null;
    long? outputTokens = null;
    await foreach (ChatResponseUpdate update in router.GetStreamingResponseAsync(prompt, options))
    {
        if (firstToken is null)
        {
            firstToken = clock.Elapsed;
            Console.WriteLine($"  tier: {update.AdditionalProperties?[TierRouterChatClient.TierKey]} ({update.ModelId}) because {update.AdditionalProperties?[TierRouterChatClient.ReasonKey]}");
            Console.Write("  ");
        }

        Console.Write(ConsoleText.Printable(update.Text).Replace("\n", "\n  ", StringComparison.Ordinal));
        outputTokens = update.Contents.OfType<UsageContent>().FirstOrDefault()?.Details.OutputTokenCount ?? outputTokens;
    }

    TimeSpan elapsed = clock.Elapsed;
    double generating = (elapsed - (firstToken ?? elapsed)).TotalSeconds;
    Console.WriteLine();
    Console.WriteLine($"  time to first token {firstToken?.TotalMilliseconds:F0} ms, "
        + $"{outputTokens ?? 0} tokens, {(generating > 0 ? (outputTokens ?? 0) / generating : 0):F0} tokens/s");
}

Console.WriteLine();
Console.WriteLine("Loaded models:");
foreach (LoadedModelInfo loaded in host.GetLoadedModels())
{
    Console.WriteLine($"  {string.Join(", ", loaded.ModelNames)}: {Path.GetFileName(loaded.Path)} ({loaded.Engine})");
}

Console.WriteLine($"Done in {total.Elapsed.TotalSeconds:F1} s.");
return 0;
