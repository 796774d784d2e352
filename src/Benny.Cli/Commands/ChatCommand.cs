using System.CommandLine;
using Benny.Cli.Hosting;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Benny.Cli.Commands;

/// <summary>
/// <c>benny chat NAME [--system TEXT] [--temperature T] [--max-tokens N]</c>: reads a line at a time from standard input,
/// streams each answer, and keeps the conversation. <c>/exit</c> or the end of input ends it; <c>/clear</c> forgets the history.
/// </summary>
internal static class ChatCommand
{
    public static Command Create(CommandRunner runner)
    {
        var name = new Argument<string>("name") { Description = "The model name, alias or profile role." };
        var system = new Option<string?>("--system", "-s") { Description = "A system message that starts the conversation.", HelpName = "TEXT" };
        var temperature = new Option<float?>("--temperature", "-t") { Description = "Sampling temperature (0 = greedy). Default: the model's preset.", HelpName = "T" };
        var maxTokens = new Option<int?>("--max-tokens", "-n") { Description = "Most tokens per answer. Default: the model's preset.", HelpName = "N" };
        var command = new Command("chat", "Chat with a model: each line of standard input is a message, each answer streams to standard output. /exit or end of input ends the chat, /clear forgets the history.")
        {
            name, system, temperature, maxTokens,
        };
        runner.SetAction(command, async (parse, services, cancellationToken) =>
        {
            CliConsole console = runner.Console;
            string model = parse.GetRequiredValue(name);
            ChatOptions options = Options(parse.GetValue(temperature), parse.GetValue(maxTokens));
            IChatClient client = services.GetRequiredKeyedService<IChatClient>(model);
            var history = new List<ChatMessage>();
            string? systemText = parse.GetValue(system);
            if (!string.IsNullOrWhiteSpace(systemText))
            {
                history.Add(new ChatMessage(ChatRole.System, systemText));
            }

            int start = history.Count;
            if (console.IsInputInteractive)
            {
                console.Out.WriteLine($"Chatting with {model}. /exit ends, /clear forgets the conversation.");
            }

            while (true)
            {
                if (console.IsInputInteractive)
                {
                    console.Out.Write("> ");
                }

                string? line = await console.In.ReadLineAsync(cancellationToken);
                if (line is null || line.Trim() is "/exit" or "/quit")
                {
                    break;
                }

                if (line.Trim() == "/clear")
                {
                    history.RemoveRange(start, history.Count - start);
                    continue;
                }

                if (line.Length == 0)
                {
                    continue;
                }

                history.Add(new ChatMessage(ChatRole.User, line));
                var updates = new List<ChatResponseUpdate>();
                await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(history, options, cancellationToken))
                {
                    updates.Add(update);
                    if (update.Text is { Length: > 0 } text)
                    {
                        await console.Out.WriteAsync(text);
                        await console.Out.FlushAsync(cancellationToken);
                    }
                }

                console.Out.WriteLine();
                history.AddMessages(updates);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    internal static ChatOptions Options(float? temperature, int? maxTokens)
    {
        if (temperature is < 0)
        {
            throw CliException.Usage($"--temperature is {temperature}; it must be 0 or more.");
        }

        if (maxTokens is < 1)
        {
            throw CliException.Usage($"--max-tokens is {maxTokens}; it must be 1 or more.");
        }

        return new ChatOptions { Temperature = temperature, MaxOutputTokens = maxTokens };
    }
}
