namespace Benny.Runtime.Hosting;

/// <summary>Progress of one model load, raised by <see cref="ModelHost.LoadProgress"/>.</summary>
/// <param name="ModelName">The name whose request started the load.</param>
/// <param name="Engine">The engine loading the model.</param>
/// <param name="Fraction">How much is done, in [0, 1]; 1 when the load completed.</param>
public readonly record struct ModelLoadProgress(string ModelName, string Engine, float Fraction);
