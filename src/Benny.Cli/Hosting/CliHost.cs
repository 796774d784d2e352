using Benny.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Benny.Cli.Hosting;

/// <summary>Builds the host a command runs in: the configuration of <see cref="CliConfiguration"/> and Benny with its engines.</summary>
internal static class CliHost
{
    /// <summary>Builds the host and validates Benny's options, so a configuration mistake fails before any work.</summary>
    /// <param name="settings">The global options.</param>
    /// <param name="console">The streams and current folder.</param>
    /// <param name="configureBenny">Adds to Benny's registrations (the tier router); <see langword="null"/> for none.</param>
    /// <exception cref="CliException">A configuration file is missing or malformed.</exception>
    /// <exception cref="OptionsValidationException">A configuration value is invalid (the message names the field).</exception>
    public static IHost Build(CliSettings settings, CliConsole console, Action<IBennyBuilder>? configureBenny = null)
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = console.CurrentDirectory,
        });
        IBennyBuilder benny = Configure(builder.Configuration, builder.Services, builder.Logging, settings, console.CurrentDirectory);
        configureBenny?.Invoke(benny);
        IHost host = builder.Build();
        try
        {
            _ = host.Services.GetRequiredService<IOptions<BennyOptions>>().Value;
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Adds the configuration sources, Benny, its engines and logging. A command that needs a web host (<c>benny serve</c>)
    /// calls this with a <c>WebApplicationBuilder</c>'s <c>Configuration</c>, <c>Services</c> and <c>Logging</c>.
    /// </summary>
    /// <returns>Benny's builder, for more registrations (the tier router).</returns>
    public static IBennyBuilder Configure(IConfigurationManager configuration, IServiceCollection services, ILoggingBuilder logging, CliSettings settings, string currentDirectory)
    {
        CliConfiguration.AddSources(configuration, settings, currentDirectory);
        logging.ClearProviders();
        if (settings.Verbose)
        {
            logging.SetMinimumLevel(LogLevel.Debug);
            logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        }

        return services.AddBenny(configuration.GetSection("Benny"))
            .AddGgufEngine()
            .AddOpenVinoEngine();
    }
}
