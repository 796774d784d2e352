using Benny.Runtime.Presets;
using Benny.Runtime.Registry;
using Benny.Runtime.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Benny.Runtime;

/// <summary>
/// Reports configuration entries that binding dropped without a word. <see cref="ConfigurationBinder"/> skips a
/// dictionary or list element holding a value it cannot convert (<c>"ContextSize": "big"</c>), so such a model,
/// preset or rule would just be missing, and the only error would be a confusing one elsewhere (a router tier
/// naming an unregistered model). Each element of <c>Models</c>, <c>Presets</c> and <c>Router:Rules</c> is bound
/// alone here, which makes the binder say which value failed.
/// </summary>
internal sealed class BennyConfigurationBindingValidator(IConfiguration configuration) : IValidateOptions<BennyOptions>
{
    public ValidateOptionsResult Validate(string? name, BennyOptions options)
    {
        if (name != Options.DefaultName)
        {
            return ValidateOptionsResult.Skip;
        }

        var errors = new List<string>();
        CollectErrors<ModelDefinition>(configuration.GetSection(nameof(BennyOptions.Models)), errors);
        CollectErrors<GenerationPreset>(configuration.GetSection(nameof(BennyOptions.Presets)), errors);
        CollectErrors<TierRule>(configuration.GetSection($"{nameof(BennyOptions.Router)}:{nameof(TierRouterOptions.Rules)}"), errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CollectErrors<T>(IConfigurationSection section, List<string> errors)
    {
        foreach (IConfigurationSection entry in section.GetChildren())
        {
            try
            {
                entry.Get<T>();
            }
            catch (InvalidOperationException e)
            {
                errors.Add($"{entry.Path} cannot be read, so it is ignored: {e.Message} Fix the value in the configuration.");
            }
        }
    }
}
