// Semantic Kernel on Benny: the kernel's chat completion service is Benny's tier router, so prompt
// functions and chat turns run on local models, light or heavy as each request needs.
//
//   dotnet run --project samples/Benny.Samples.SemanticKernel
using Benny.Runtime.Routing;
using Benny.Samples;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

(string light, string heavy) = DemoModels.EnsureBuilt(line => Console.WriteLine("  " + line));
Console.WriteLine("Models: embedded synthetic models (random weights: the text is not meaningful, the mechanics are real).");

var services = new ServiceCollection();
services.AddBenny(options => DemoModels.Register(options, light, heavy)).AddGgufEngine().AddTierRouter();
await using ServiceProvider benny = services.BuildServiceProvider();
benny.GetRequiredService<IStartupValidator>().Validate();
IChatClient router = benny.GetRequiredService<IChatClient>();

// The kernel: Benny's router as its IChatCompletionService.
IKernelBuilder builder = Kernel.CreateBuilder();
builder.Services.AddSingleton<IChatCompletionService>(router.AsChatCompletionService());
Kernel kernel = builder.Build();

// 1. A prompt function with a template variable; execution settings carry the task profile, so the router
//    sees a short summarization request.
KernelFunction summarize = kernel.CreateFunctionFromPrompt(
    "Summarize in one sentence: {{$input}}",
    new PromptExecutionSettings
    {
        ExtensionData = new Dictionary<string, object>
        {
            ["max_tokens"] = 40,
            [TaskProfileChatOptionsExtensions.TaskProfileKey] = new TaskProfile { Type = "summarization", EstimatedOutputTokens = 40 },
        },
    });
FunctionResult summary = await kernel.InvokeAsync(summarize, new KernelArguments { ["input"] = "Benny runs local language models inside .NET applications." });
ChatMessageContent? summaryMessage = summary.GetValue<ChatMessageContent>();
Console.WriteLine();
Console.WriteLine($"> prompt function 'summarize' -> tier {summaryMessage?.Metadata?[TierRouterChatClient.TierKey]} ({summaryMessage?.ModelId}) because {summaryMessage?.Metadata?[TierRouterChatClient.ReasonKey]}");
Console.WriteLine("  " + ConsoleText.Printable(summary.ToString()));

// 2. A chat turn through the kernel's chat completion service.
IChatCompletionService chat = kernel.GetRequiredService<IChatCompletionService>();
var history = new ChatHistory("You are a helpful assistant.");
history.AddUserMessage("Hello! What can you do?");
ChatMessageContent reply = await chat.GetChatMessageContentAsync(history, new PromptExecutionSettings { ExtensionData = new Dictionary<string, object> { ["max_tokens"] = 30 } }, kernel);
history.Add(reply);
Console.WriteLine();
Console.WriteLine($"> chat turn -> tier {reply.Metadata?[TierRouterChatClient.TierKey]} ({reply.ModelId}) because {reply.Metadata?[TierRouterChatClient.ReasonKey]}; history now {history.Count} messages");
Console.WriteLine("  " + ConsoleText.Printable(reply.Content ?? ""));
return 0;
