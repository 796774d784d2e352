using System.CommandLine;
using Benny.Cli.Hosting;
using Benny.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Benny.Cli.Commands;

/// <summary>
/// <c>benny serve</c>: the registry over OpenAI's HTTP API (<c>Benny.Server</c>: <c>/v1/chat/completions</c>,
/// <c>/v1/models</c>, <c>/health</c>, <c>/info</c> and the admin API), with the tier router as a model when
/// <c>Benny:Router:Tiers</c> is configured. Runs until Ctrl+C (or SIGTERM); exit code 0 after a clean stop.
/// </summary>
internal static class ServeCommand
{
    /// <summary>The address served when neither <c>--urls</c> nor <c>ASPNETCORE_URLS</c> gives one: loopback only.</summary>
    public const string DefaultUrls = "http://127.0.0.1:8080";

    public static Command Create(CommandRunner runner)
    {
        var urls = new Option<string?>("--urls", "-u")
        {
            Description = $"Addresses to listen on, separated by ';' (default: ASPNETCORE_URLS, else {DefaultUrls}). Use http://0.0.0.0:8080 to accept other machines.",
            HelpName = "URLS",
        };
        var command = new Command("serve", "Serve the registry over OpenAI's HTTP API (chat completions, models, health, info, admin) until Ctrl+C.") { urls };
        command.SetAction(async (parse, cancellationToken) =>
        {
            CliSettings settings = runner.Globals.Read(parse);
            CliConsole console = runner.Console;
            WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = console.CurrentDirectory });
            builder.WebHost.UseKestrelCore();
            builder.Services.AddRoutingCore();
            IBennyBuilder benny = CliHost.Configure(builder.Configuration, builder.Services, builder.Logging, settings, console.CurrentDirectory);
            if (builder.Configuration.GetSection("Benny:Router:Tiers").GetChildren().Any())
            {
                benny.AddTierRouter();
            }

            builder.Services.AddBennyServer();
            if (!settings.Verbose)
            {
                // Requests are not logged one by one; startup, failures and unhealthy models are.
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
                builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
            }

            string listen = parse.GetValue(urls) ?? Environment.GetEnvironmentVariable("ASPNETCORE_URLS") ?? DefaultUrls;
            builder.WebHost.UseUrls(listen.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

            await using WebApplication app = builder.Build();
            _ = app.Services.GetRequiredService<IOptions<BennyOptions>>().Value; // a configuration mistake fails before listening
            app.MapBennyOpenAi();
            await app.StartAsync(cancellationToken);
            IEnumerable<string> addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            console.Error.WriteLine($"benny: serving OpenAI's API on {string.Join(", ", addresses)} (Ctrl+C to stop)");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }

            await app.StopAsync(CancellationToken.None);
            return ExitCodes.Success;
        });
        return command;
    }
}
