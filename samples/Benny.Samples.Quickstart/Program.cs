// Benny quickstart, the main job: a light and a heavy local model behind one IChatClient router.
// A classification request goes to the light tier, a long reasoning request to the heavy tier; each
// answer streams with the tier chosen and why, time to first token and tokens per second.
//
//   dotnet run --project samples/Benny.Samples.Quickstart                      embedded synthetic models
//   dotnet run --project samples/Benny.Samples.Quickstart -- --model x.gguf    one real model for both tiers
//   dotnet run --project samples/Benny.Samples.Quickstart -- --config appsettings.json   your registry and router
using System.Diagnostics;
using Benny.Engines.Gguf;
using Benny.Runtime;
using Benny.Runtime.Hosting;
using Benny.Runtime.Routing;
using Benny.Samples;
using Benny.Samples.Quickstart;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

const string Usage = """
    usage: Benny.Samples.Quickstart [--model <path.gguf>] [--config <appsettings.json>]

      (no option)       two embedded synthetic models (random weights, built once into a cache folder)
      --model <file>    one GGUF model serving both tiers
      --config <file>   the Benny:Models registry and Benny:Router tiers of a JSON file; relative paths in it
                        resolve against the file's folder. Default: appsettings.json in the current folder, if any.

    exit codes: 0 done, 1 a model or configuration problem (one line on stderr says what to fix), 2 bad arguments
    """;

string? modelPath = null;
string? configPath = File.Exists("appsettings.json") ? "appsettings.json" : null;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--model" or "--config" when i + 1 == args.Length:
            Console.Error.WriteLine($"{args[i]} needs a value: {args[i]} <path>. Use --help for the usage.");
            return 2;
        case "--model": modelPath = args[++i]; configPath = null; break;
        case "--config": configPath = args[++i]; break;
        case "--help" or "-h":
            Console.WriteLine(Usage);
            return 0;
        default:
            Console.Error.WriteLine($"Unknown argument '{args[i]}'. Use --model <path.gguf> or --config <appsettings.json>; --help for the usage.");
            return 2;
    }
}

bool synthetic = modelPath is null && configPath is null;
string modelSource = synthetic ? $"the synthetic models in {DemoModels.CacheFolder}"
    : modelPath is not null ? $"--model {modelPath}"
    : $"configuration file {PathExpansion.GetFullPath(configPath!)}";
try
{
    return await RunAsync();
}
catch (Exception e) when (StartupErrors.Describe(e, modelSource) is { } line)
{
    Console.Error.WriteLine($"error: {line}");
    return 1;
}

async Task<int> RunAsync()
{
    var total = Stopwatch.StartNew();
    Console.WriteLine("Benny quickstart: two requests through the light/heavy tier router.");
    var services = new ServiceCollection();
    if (configPath is not null)
    {
        BennyConfigurationFile file = BennyConfigurationFile.Load(configPath);
        Console.WriteLine($"Configuration: {file.FullPath} (Benny:Models and Benny:Router; relative paths from {file.Folder})");
        services.AddBenny(file.Section).AddGgufEngine().AddTierRouter();
        services.Configure<BennyOptions>(file.ResolveRelativePaths);
    }
    else
    {
        string light, heavy;
        if (modelPath is null)
        {
            Console.WriteLine($"Preparing the synthetic models in {DemoModels.CacheFolder} (built on first run, then cached):");
            (light, heavy) = DemoModels.EnsureBuilt(line => Console.WriteLine("  " + line));
            Console.WriteLine("Models: synthetic, with random weights: the answers below are well-formed (GBNF grammars) but meaningless. "
                + "For real answers: dotnet run --project samples/Benny.Samples.Quickstart -- --model path/to/model.gguf");
        }
        else
        {
            light = heavy = PathExpansion.GetFullPath(modelPath);
            Console.WriteLine($"Model: {light} for both tiers (one loaded instance, shared).");
        }

        string promptFolder = Path.Combine(AppContext.BaseDirectory, "prompts");
        services.AddBenny(options =>
        {
            DemoModels.Register(options, light, heavy);
            options.Prompts.Directory = promptFolder;
        }).AddGgufEngine().AddTierRouter();
    }

    await using ServiceProvider provider = services.BuildServiceProvider();
    provider.GetRequiredService<IStartupValidator>().Validate();
    ModelHost host = provider.GetRequiredService<ModelHost>();
    IChatClient router = provider.GetRequiredService<IChatClient>();

    // Load the tiers' models now, so the times below measure answering, not loading.
    Console.WriteLine("Loading the models (the first load also loads the llama.cpp natives):");
    using (LoadProgressPrinter.Attach(host))
    {
        foreach (string model in provider.GetRequiredService<IOptions<BennyOptions>>().Value.Router.Tiers.Values.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            using ModelLease lease = await host.AcquireAsync(model);
        }
    }

    // The synthetic models answer through grammars (see SyntheticAnswerGrammars); a real model answers freely.
    const int PlanTokens = 200;
    ChatOptions classification = new ChatOptions().WithTaskProfile(new TaskProfile { Type = "classification" });
    ChatOptions planning = new ChatOptions { MaxOutputTokens = PlanTokens }
        .WithTaskProfile(new TaskProfile { Type = "reasoning", RequiresPlanning = true, Steps = 3, Domain = "erp", EstimatedOutputTokens = PlanTokens });
    if (synthetic)
    {
        classification.WithGrammar(SyntheticAnswerGrammars.SentimentDecision);
        planning.WithGrammar(SyntheticAnswerGrammars.Plan(maxBytes: PlanTokens));

        // The heavy tier's preset samples near-greedily (temperature 0.1); on random weights that repeats one word.
        // Plain sampling with a fixed seed varies the words and prints the same answer on every run.
        planning.Temperature = 1f;
        planning.Seed = 3;
    }

    (string Title, string Prompt, ChatOptions Options)[] requests =
    [
        ("classification", "Classify the sentiment of this review as positive, negative or neutral: \"The delivery was late again.\"", classification),
        ("long reasoning", "Plan, step by step, how to migrate our ERP database to a new server without downtime, with risks and a rollback plan.", planning),
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
}
