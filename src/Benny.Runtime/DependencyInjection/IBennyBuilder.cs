namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Configures Benny after <see cref="BennyServiceCollectionExtensions.AddBenny(IServiceCollection, Action{Benny.Runtime.BennyOptions})"/>.
/// Engine packages extend it (<c>.AddGgufEngine()</c>, <c>.AddOpenVinoEngine()</c>).
/// </summary>
public interface IBennyBuilder
{
    /// <summary>Gets the service collection Benny is registered in.</summary>
    IServiceCollection Services { get; }
}
