// Benny quickstart: a registry from appsettings.json, an alias sharing one loaded model, purpose presets,
// and a prompt template injected per model, all behind keyed IChatClient services.
using Benny.Runtime.Hosting;
using Benny.Runtime.Prompts;
using Benny.Samples.Quickstart;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

IConfiguration configuration = new ConfigurationBuilder()
    .SetBasePath(AppContext.BaseDirectory)
    .AddJsonFile("appsettings.json")
    .Build();

var services = new ServiceCollection();
services.AddBenny(configuration.GetSection("Benny"))
    .AddEngine(new DemoEngineProvider());

await using ServiceProvider provider = services.BuildServiceProvider();
Directory.SetCurrentDirectory(AppContext.BaseDirectory); // the prompt folder in appsettings.json is relative
provider.GetRequiredService<IStartupValidator>().Validate();

ModelHost host = provider.GetRequiredService<ModelHost>();
host.LoadProgress += (_, p) => Console.Write($"\r  loading {p.ModelName} ({p.Engine}) {p.Fraction,4:P0}{(p.Fraction >= 1 ? Environment.NewLine : "")}");

(string Model, string Text, ChatOptions? Options)[] requests =
[
    ("benny-clean-s", "um so the the meeting is uh moved to three", new ChatOptions().WithPromptVariables(new Dictionary<string, object?> { ["language"] = "English" })),
    ("benny-route-s", "Which tier should answer: 'plan a three-step migration'?", null),
    ("benny-tool-m", "Call the weather tool for Oslo.", new ChatOptions { Temperature = 0.7f }),
];

foreach ((string model, string text, ChatOptions? options) in requests)
{
    Console.WriteLine($"> {model}: {text}");
    IChatClient client = provider.GetRequiredKeyedService<IChatClient>(model);
    await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(text, options))
    {
        Console.Write(update.Text);
    }

    Console.WriteLine();
    Console.WriteLine();
}

Console.WriteLine("Loaded models (benny-route-s is an alias: it shares benny-clean-s's instance):");
foreach (LoadedModelInfo loaded in host.GetLoadedModels())
{
    Console.WriteLine($"  {loaded.Path} ({loaded.Engine}) served: {string.Join(", ", loaded.ModelNames)}");
}
