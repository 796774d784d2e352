using System.CommandLine;

namespace Benny.Cli.Hosting;

/// <summary>The options every command accepts.</summary>
internal sealed class GlobalOptions
{
    public Option<string?> Config { get; } = new("--config", "-c")
    {
        Description = "A JSON configuration file, read after appsettings.json in the current folder and before environment variables.",
        HelpName = "FILE",
        Recursive = true,
    };

    public Option<string?> Profile { get; } = new("--profile")
    {
        Description = "The profile imported from profiles manifests (Benny:Profile; default BENNY_PROFILE, else 'default').",
        HelpName = "NAME",
        Recursive = true,
    };

    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Write logs and stack traces to standard error.",
        Recursive = true,
    };

    public void AddTo(Command root)
    {
        root.Options.Add(Config);
        root.Options.Add(Profile);
        root.Options.Add(Verbose);
    }

    public CliSettings Read(ParseResult parse)
        => new(parse.GetValue(Config), parse.GetValue(Profile), parse.GetValue(Verbose));
}
