namespace Benny.Runtime.Registry;

/// <summary>
/// The validated set of model definitions, keyed by name (case-insensitive), with alias resolution.
/// </summary>
/// <remarks>Immutable once created; safe to use from any thread.</remarks>
public sealed class ModelRegistry
{
    private readonly Dictionary<string, ModelDefinition> _definitions;
    private readonly Dictionary<string, ResolvedModel> _resolved;

    private ModelRegistry(Dictionary<string, ModelDefinition> definitions, Dictionary<string, ResolvedModel> resolved)
    {
        _definitions = definitions;
        _resolved = resolved;
    }

    /// <summary>Gets the registered model names.</summary>
    public IReadOnlyCollection<string> Names => _definitions.Keys;

    /// <summary>Gets the registered definitions.</summary>
    public IReadOnlyCollection<ModelDefinition> Definitions => _definitions.Values;

    /// <summary>Validates <paramref name="definitions"/> and builds a registry from them.</summary>
    /// <param name="definitions">The entries; names must be unique (case-insensitive).</param>
    /// <param name="knownEngines">The engines that have a registered provider; when given, an entry naming another engine is an error.</param>
    /// <returns>The registry.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="definitions"/> is <see langword="null"/>.</exception>
    /// <exception cref="ModelRegistryException">An entry is invalid; the message lists every problem.</exception>
    public static ModelRegistry Create(IEnumerable<ModelDefinition> definitions, IEnumerable<string>? knownEngines = null)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        var errors = new List<string>();
        var byName = new Dictionary<string, ModelDefinition>(StringComparer.OrdinalIgnoreCase);
        foreach (ModelDefinition definition in definitions)
        {
            ArgumentNullException.ThrowIfNull(definition, nameof(definitions));
            if (string.IsNullOrWhiteSpace(definition.Name))
            {
                errors.Add("A model entry has no name. Give every entry under Benny:Models a name.");
            }
            else if (!byName.TryAdd(definition.Name, definition))
            {
                errors.Add($"Model '{definition.Name}' is defined twice (names are case-insensitive).");
            }
        }

        HashSet<string>? engines = knownEngines is null ? null : new HashSet<string>(knownEngines, StringComparer.OrdinalIgnoreCase);
        foreach (ModelDefinition definition in byName.Values)
        {
            ValidateEntry(definition, byName, engines, errors);
        }

        var resolved = new Dictionary<string, ResolvedModel>(StringComparer.OrdinalIgnoreCase);
        foreach (ModelDefinition definition in byName.Values)
        {
            if (TryResolveChain(definition, byName, out ModelDefinition? target, out string? error))
            {
                resolved[definition.Name] = new ResolvedModel(definition, target);
                ValidateAliasServes(definition, target, errors);
            }
            else if (error is not null)
            {
                errors.Add(error);
            }
        }

        if (errors.Count > 0)
        {
            throw new ModelRegistryException(errors);
        }

        return new ModelRegistry(byName, resolved);
    }

    /// <summary>Gets whether <paramref name="name"/> is registered.</summary>
    /// <param name="name">A model name.</param>
    /// <returns><see langword="true"/> when the registry has the name.</returns>
    public bool Contains(string name) => name is not null && _definitions.ContainsKey(name);

    /// <summary>Gets the entry of <paramref name="name"/>.</summary>
    /// <param name="name">A model name.</param>
    /// <returns>The entry.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is <see langword="null"/>.</exception>
    /// <exception cref="UnknownModelException">The registry has no such name.</exception>
    public ModelDefinition GetDefinition(string name) => Resolve(name).Requested;

    /// <summary>Resolves <paramref name="name"/> through its alias chain.</summary>
    /// <param name="name">A model name.</param>
    /// <returns>The requested entry and the entry whose loaded instance serves it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is <see langword="null"/>.</exception>
    /// <exception cref="UnknownModelException">The registry has no such name.</exception>
    public ResolvedModel Resolve(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _resolved.TryGetValue(name, out ResolvedModel? resolved)
            ? resolved
            : throw new UnknownModelException(name, _definitions.Keys);
    }

    private static void ValidateEntry(ModelDefinition definition, Dictionary<string, ModelDefinition> byName, HashSet<string>? engines, List<string> errors)
    {
        string field = $"Benny:Models:{definition.Name}";
        if (definition.AliasOf is { } aliasOf)
        {
            if (string.IsNullOrWhiteSpace(aliasOf))
            {
                errors.Add($"{field}:AliasOf is empty. Name the model whose loaded instance '{definition.Name}' shares, or remove AliasOf.");
            }
            else if (!byName.ContainsKey(aliasOf))
            {
                errors.Add($"{field}:AliasOf names '{aliasOf}', which is not a registered model. Define '{aliasOf}' under Benny:Models or fix the name.");
            }

            if (definition.Engine is not null || definition.Path is not null)
            {
                errors.Add($"{field} sets AliasOf together with Engine or Path. An alias serves its target's loaded model: remove Engine and Path, or remove AliasOf.");
            }

            return;
        }

        if (string.IsNullOrWhiteSpace(definition.Engine))
        {
            errors.Add($"{field}:Engine is missing. Set it to the engine that loads the model (for example 'gguf' or 'openvino'), or set AliasOf.");
        }
        else if (engines is not null && !engines.Contains(definition.Engine))
        {
            string known = engines.Count == 0 ? "none is registered" : "registered: " + string.Join(", ", engines.Order(StringComparer.OrdinalIgnoreCase));
            errors.Add($"{field}:Engine is '{definition.Engine}', but no engine provider of that name is registered ({known}). Register it (for example AddBenny(...).AddGgufEngine()) or fix the name.");
        }

        if (string.IsNullOrWhiteSpace(definition.Path))
        {
            errors.Add($"{field}:Path is missing. Set it to the model file or folder, or set Source (hf://<owner>/<repo>/<file>) so that it is downloaded into the provisioning cache.");
        }

        if (!definition.Chat && !definition.Embeddings)
        {
            errors.Add($"{field} sets Chat to false without Embeddings: it would serve nothing. Set Embeddings to true for an embedding model, or remove Chat.");
        }

        if (definition.ContextSize is <= 0)
        {
            errors.Add($"{field}:ContextSize is {definition.ContextSize}; it must be positive.");
        }

        if (definition.Parallel is <= 0)
        {
            errors.Add($"{field}:Parallel is {definition.Parallel}; it must be positive.");
        }

        if (definition.GpuLayers is < 0)
        {
            errors.Add($"{field}:GpuLayers is {definition.GpuLayers}; it must be 0 or more.");
        }
    }

    /// <summary>An alias serves what its target's instance serves: it cannot ask for more, or switch chat off on its own.</summary>
    private static void ValidateAliasServes(ModelDefinition alias, ModelDefinition target, List<string> errors)
    {
        if (ReferenceEquals(alias, target))
        {
            return;
        }

        if (alias.Embeddings && !target.Embeddings)
        {
            errors.Add($"Benny:Models:{alias.Name}:Embeddings is true, but the alias serves the loaded instance of '{target.Name}', which makes no embeddings. Set Benny:Models:{target.Name}:Embeddings to true (and remove it from the alias).");
        }

        if (!alias.Chat && target.Chat)
        {
            errors.Add($"Benny:Models:{alias.Name}:Chat is false, but the alias serves the loaded instance of '{target.Name}', which serves chat. Chat and Embeddings are load settings: set them on '{target.Name}', or remove Chat from the alias.");
        }
    }

    private static bool TryResolveChain(
        ModelDefinition definition,
        Dictionary<string, ModelDefinition> byName,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ModelDefinition? target,
        out string? error)
    {
        var chain = new List<string> { definition.Name };
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { definition.Name };
        ModelDefinition current = definition;
        while (current.AliasOf is { } next)
        {
            if (!byName.TryGetValue(next, out ModelDefinition? nextDefinition))
            {
                // An unknown target is reported by ValidateEntry; nothing more to say here.
                target = null;
                error = null;
                return false;
            }

            current = nextDefinition;
            chain.Add(current.Name);
            if (!seen.Add(current.Name))
            {
                target = null;
                error = $"Benny:Models:{definition.Name}:AliasOf forms a cycle ({string.Join(" -> ", chain)}). Point one of these aliases at a model with an Engine and Path.";
                return false;
            }
        }

        target = current;
        error = null;
        return true;
    }
}
