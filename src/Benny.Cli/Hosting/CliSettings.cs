namespace Benny.Cli.Hosting;

/// <summary>The options every command shares (<c>--config</c>, <c>--profile</c>, <c>--verbose</c>), as parsed.</summary>
/// <param name="ConfigFile">A JSON configuration file read after <c>appsettings.json</c>.</param>
/// <param name="Profile">The profile imported from profiles manifests (<c>Benny:Profile</c>).</param>
/// <param name="Verbose">Whether logs go to standard error and errors carry stack traces.</param>
internal sealed record CliSettings(string? ConfigFile, string? Profile, bool Verbose);
