// The package check's consumer (build/check-packages.sh): copied into a new 'dotnet new console' app outside the
// repository that references Benny.Runtime, Benny.Engines.Gguf and Benny.Engines.Gguf.Runtime.Cpu from the packed
// .nupkg files only. It answers greedily from a GGUF model and prints the text and the natives it used; any failure
// is one line on stderr and exit code 1.
//
//   Consumer <model.gguf>
using Benny.Engines.Gguf;
using Benny.Runtime.Hosting;
using Benny.Runtime.Registry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: Consumer <model.gguf>");
    return 2;
}

var services = new ServiceCollection();
services.AddBenny(options => options.Models["benny-story-s"] = new ModelDefinition { Engine = "gguf", Path = args[0], ContextSize = 256 })
    .AddGgufEngine(engine => engine.Threads = 1);

try
{
    await using ServiceProvider provider = services.BuildServiceProvider();
    IChatClient client = provider.GetRequiredKeyedService<IChatClient>("benny-story-s");
    ChatResponse response = await client.GetResponseAsync("Once upon a time", new ChatOptions { Temperature = 0, MaxOutputTokens = 24 });
    Console.WriteLine("answer: " + response.Text.ReplaceLineEndings(" "));

    using ModelLease lease = await provider.GetRequiredService<ModelHost>().AcquireAsync("benny-story-s");
    Console.WriteLine("natives: " + lease.ChatClient.GetService<GgufNativeDiagnostics>());
    return 0;
}
catch (Exception e)
{
    // The whole chain on one line: the resolver's message is the innermost one.
    var messages = new List<string>();
    for (Exception? inner = e; inner is not null; inner = inner.InnerException)
    {
        messages.Add($"{inner.GetType().Name}: {inner.Message.ReplaceLineEndings(" | ")}");
    }

    Console.Error.WriteLine("error: " + string.Join(" <- ", messages));
    return 1;
}
