namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The <see cref="IBennyBuilder"/> returned by <c>AddBenny</c>.</summary>
internal sealed class BennyBuilder(IServiceCollection services) : IBennyBuilder
{
    /// <inheritdoc />
    public IServiceCollection Services { get; } = services;
}
