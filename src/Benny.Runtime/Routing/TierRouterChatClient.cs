using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Benny.Runtime.Routing;

/// <summary>
/// An <see cref="IChatClient"/> that sends each request to one of several tiers (<c>light</c>, <c>heavy</c>, ...), each
/// backed by its own <see cref="IChatClient"/>, as an <see cref="ITierPolicy"/> decides from the request's
/// <see cref="TaskProfile"/>; with fallbacks, retries and per-tier cooldowns when a tier fails.
/// </summary>
/// <remarks>
/// <para>
/// Per request: the profile is resolved (<see cref="TaskProfileChatOptionsExtensions.ResolveTaskProfile"/>), the policy picks
/// a tier, and the tier's client answers. A failing tier is retried <see cref="TierRouterOptions.MaxRetries"/> more times,
/// then its <see cref="TierRouterOptions.Fallbacks"/> are tried in order. A tier with more than
/// <see cref="TierRouterOptions.AllowedFails"/> failures within <see cref="TierRouterOptions.FailureWindow"/> is skipped for
/// <see cref="TierRouterOptions.CooldownTime"/>. When no tier can serve, a <see cref="TierRoutingException"/> lists each
/// tier and why. Cancellation by the caller is never retried nor fallen back from. A stream falls back only before its
/// first update; a later error reaches the caller.
/// </para>
/// <para>
/// Every response and streaming update carries the served model in <c>ModelId</c> and, in <c>AdditionalProperties</c>,
/// <see cref="TierKey"/>, <see cref="ModelKey"/>, <see cref="ReasonKey"/> and, after a fallback, <see cref="FallbackFromKey"/>.
/// Traces: activity <c>benny.route</c> of source <see cref="ActivitySourceName"/>. Metrics: meter <see cref="MeterName"/>.
/// The router does not dispose its tier clients. Safe to use from any thread.
/// </para>
/// </remarks>
public sealed partial class TierRouterChatClient : IChatClient
{
    /// <summary>The <see cref="ChatResponse.AdditionalProperties"/> key of the tier that served (a <see cref="string"/>).</summary>
    public const string TierKey = "benny.tier";

    /// <summary>The <see cref="ChatResponse.AdditionalProperties"/> key of the model that served (a <see cref="string"/>).</summary>
    public const string ModelKey = "benny.model";

    /// <summary>The <see cref="ChatResponse.AdditionalProperties"/> key of why the request went where it did (a <see cref="string"/>).</summary>
    public const string ReasonKey = "benny.route_reason";

    /// <summary>The <see cref="ChatResponse.AdditionalProperties"/> key of the tier the policy chose, set only when another tier served (a <see cref="string"/>).</summary>
    public const string FallbackFromKey = "benny.fallback_from";

    /// <summary>The name of the <see cref="ActivitySource"/> of the router's traces.</summary>
    public const string ActivitySourceName = "Benny.Runtime.Routing";

    /// <summary>The name of the <see cref="Meter"/> of the router's metrics.</summary>
    public const string MeterName = "Benny.Runtime.Routing";

    private const string ProviderName = "benny-router";

    private static readonly ActivitySource Source = new(ActivitySourceName);

    private readonly Dictionary<string, Tier> _tiers;
    private readonly string[] _tierNames;
    private readonly ITierPolicy _policy;
    private readonly int _maxRetries;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _fallbacks;
    private readonly Histogram<double> _decisionDuration;
    private readonly ChatClientMetadata _metadata = new(ProviderName);

    /// <summary>Initializes a new instance.</summary>
    /// <param name="tiers">The tiers: name (case-insensitive) → client. The router does not dispose the clients.</param>
    /// <param name="policy">Picks the tier of each request.</param>
    /// <param name="options">Fallbacks, retries and cooldown settings (<see cref="TierRouterOptions.Tiers"/>, <see cref="TierRouterOptions.TierClients"/> and the policy settings are not used here). Read once, here.</param>
    /// <param name="logger">Receives decisions (debug), fallbacks and cooldowns (warning); none when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock of cooldowns and decision timing; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="meterFactory">Creates the router's <see cref="Meter"/>; when <see langword="null"/>, the router creates and owns one.</param>
    /// <param name="tierModelNames">Tier → model name, as reported on responses and in telemetry; a tier not listed reports its client's <see cref="ChatClientMetadata.DefaultModelId"/>, else the tier name.</param>
    /// <exception cref="ArgumentNullException"><paramref name="tiers"/>, a client, <paramref name="policy"/> or <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="tiers"/> is empty or names a tier twice (case-insensitive), or <paramref name="options"/> names an unknown tier in its fallbacks or has a negative number.</exception>
    public TierRouterChatClient(
        IReadOnlyDictionary<string, IChatClient> tiers,
        ITierPolicy policy,
        TierRouterOptions options,
        ILogger? logger = null,
        TimeProvider? timeProvider = null,
        IMeterFactory? meterFactory = null,
        IReadOnlyDictionary<string, string>? tierModelNames = null)
    {
        ArgumentNullException.ThrowIfNull(tiers);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(options);
        if (tiers.Count == 0)
        {
            throw new ArgumentException("At least one tier is needed.", nameof(tiers));
        }

        _timeProvider = timeProvider ?? TimeProvider.System;
        _tiers = new Dictionary<string, Tier>(StringComparer.OrdinalIgnoreCase);
        foreach ((string name, IChatClient client) in tiers)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name, nameof(tiers));
            ArgumentNullException.ThrowIfNull(client, nameof(tiers));
            string? model = tierModelNames?.GetValueOrDefault(name) ?? client.GetService<ChatClientMetadata>()?.DefaultModelId;
            var health = new TierHealth(options.AllowedFails, options.FailureWindow, options.CooldownTime, _timeProvider);
            if (!_tiers.TryAdd(name, new Tier(name, client, model ?? name, health)))
            {
                throw new ArgumentException($"The tier '{name}' is given twice (tier names are case-insensitive).", nameof(tiers));
            }
        }

        _tierNames = [.. _tiers.Keys];
        var errors = new List<string>();
        options.CollectResilienceErrors(nameof(options), _tierNames, errors);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        foreach (Tier tier in _tiers.Values)
        {
            tier.Fallbacks = options.Fallbacks.TryGetValue(tier.Name, out List<string>? fallbacks) && fallbacks is not null
                ? [.. fallbacks.Select(f => _tiers[f]).Where(f => f != tier).Distinct()]
                : [];
        }

        _policy = policy;
        _maxRetries = options.MaxRetries;
        _logger = logger ?? NullLogger.Instance;
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(new MeterOptions(MeterName)) ?? new Meter(MeterName);
        _requests = _meter.CreateCounter<long>("benny.router.requests", "{request}", "Requests routed, by the tier that served.");
        _fallbacks = _meter.CreateCounter<long>("benny.router.fallbacks", "{fallback}", "Moves from a failing or cooling tier to a fallback tier.");
        _decisionDuration = _meter.CreateHistogram<double>("benny.router.decision.duration", "s", "Time the tier policy took to decide.");
    }

    /// <summary>Gets the names of the tiers.</summary>
    public IReadOnlyCollection<string> Tiers => _tierNames;

    /// <summary>Gets the policy that picks the tier of each request.</summary>
    public ITierPolicy Policy => _policy;

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> is <see langword="null"/>.</exception>
    /// <exception cref="TierRoutingException">No tier could serve the request.</exception>
    /// <exception cref="InvalidOperationException">The policy chose a tier that is not configured.</exception>
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return GetResponseCoreAsync(messages as IReadOnlyList<ChatMessage> ?? [.. messages], options, cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> is <see langword="null"/>.</exception>
    /// <exception cref="TierRoutingException">No tier could start the stream (thrown while enumerating).</exception>
    /// <exception cref="InvalidOperationException">The policy chose a tier that is not configured (thrown while enumerating).</exception>
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return GetStreamingResponseCoreAsync(messages as IReadOnlyList<ChatMessage> ?? [.. messages], options, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Returns the router's <see cref="ChatClientMetadata"/> (provider <c>benny-router</c>) or the router itself;
    /// <see langword="null"/> for anything else (tier clients are not searched) and for any non-null <paramref name="serviceKey"/>.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="serviceType"/> is <see langword="null"/>.</exception>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(ChatClientMetadata))
        {
            return _metadata;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <summary>Disposes the router's own <see cref="Meter"/> (not one from a meter factory); the tier clients are left alone.</summary>
    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    private async Task<ChatResponse> GetResponseCoreAsync(IReadOnlyList<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        using Activity? activity = Source.StartActivity("benny.route");
        try
        {
            Route route = await DecideAsync(messages, options, cancellationToken).ConfigureAwait(false);
            (ChatResponse response, int index) = await RunOnTiersAsync(
                route, tier => tier.Client.GetResponseAsync(messages, options, cancellationToken), cancellationToken).ConfigureAwait(false);
            Tier served = route.Candidates[index];
            string reason = Served(activity, route, index);
            response.ModelId = served.Model;
            Annotate(response.AdditionalProperties ??= [], route, served, reason);
            foreach (ChatMessage message in response.Messages)
            {
                // Adapters that surface per-message properties (Semantic Kernel's Metadata) see the route too.
                Annotate(message.AdditionalProperties ??= [], route, served, reason);
            }

            return response;
        }
        catch (Exception e)
        {
            Failed(activity, e);
            throw;
        }
    }

    private async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseCoreAsync(
        IReadOnlyList<ChatMessage> messages,
        ChatOptions? options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using Activity? activity = Source.StartActivity("benny.route");
        (Route route, int index, IAsyncEnumerator<ChatResponseUpdate> stream, bool hasFirst) = await StartStreamAsync(activity, messages, options, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            Tier tier = route.Candidates[index];
            string reason = Served(activity, route, index);
            bool more = hasFirst;
            while (more)
            {
                ChatResponseUpdate update = stream.Current;
                update.ModelId = tier.Model;
                Annotate(update.AdditionalProperties ??= [], route, tier, reason);
                yield return update;

                try
                {
                    more = await stream.MoveNextAsync().ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    if (!IsCallerCancellation(e, cancellationToken))
                    {
                        RecordFailure(tier);
                    }

                    Failed(activity, e);
                    throw;
                }
            }
        }
    }

    /// <summary>Decides, then starts the stream of the first tier that yields its first update (or ends cleanly).</summary>
    private async Task<(Route Route, int Index, IAsyncEnumerator<ChatResponseUpdate> Stream, bool HasFirst)> StartStreamAsync(
        Activity? activity, IReadOnlyList<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        try
        {
            Route route = await DecideAsync(messages, options, cancellationToken).ConfigureAwait(false);
            ((IAsyncEnumerator<ChatResponseUpdate> stream, bool hasFirst), int index) = await RunOnTiersAsync(
                route,
                async tier =>
                {
                    IAsyncEnumerator<ChatResponseUpdate>? stream = null;
                    try
                    {
                        stream = tier.Client.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
                        bool hasFirst = await stream.MoveNextAsync().ConfigureAwait(false);
                        return (stream, hasFirst);
                    }
                    catch
                    {
                        await DisposeQuietlyAsync(stream).ConfigureAwait(false);
                        throw;
                    }
                },
                cancellationToken).ConfigureAwait(false);
            return (route, index, stream, hasFirst);
        }
        catch (Exception e)
        {
            Failed(activity, e);
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="attempt"/> on the route's candidates in order: skips tiers cooling down, retries a
    /// tier up to <see cref="TierRouterOptions.MaxRetries"/> times, then falls back; the caller's cancellation
    /// is never retried. Throws <see cref="TierRoutingException"/> when every candidate failed.
    /// </summary>
    private async Task<(T Result, int Index)> RunOnTiersAsync<T>(Route route, Func<Tier, Task<T>> attempt, CancellationToken cancellationToken)
    {
        for (int index = 0; index < route.Candidates.Length; index++)
        {
            Tier tier = route.Candidates[index];
            if (!route.Consider(index, this))
            {
                continue;
            }

            for (int retry = 0; retry <= _maxRetries; retry++)
            {
                try
                {
                    return (await attempt(tier).ConfigureAwait(false), index);
                }
                catch (Exception e) when (!IsCallerCancellation(e, cancellationToken))
                {
                    route.Fail(tier, retry, e, this);
                }
            }
        }

        throw route.Exhausted();
    }

    private async Task<Route> DecideAsync(IReadOnlyList<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        TaskProfile profile = options.ResolveTaskProfile();
        long started = _timeProvider.GetTimestamp();
        TierDecision decision = await _policy.DecideAsync(new TierRoutingContext(messages, options, profile, _tierNames), cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The {_policy.Name} tier policy returned no decision.");
        TimeSpan elapsed = _timeProvider.GetElapsedTime(started);
        _decisionDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("benny.route.policy", _policy.Name));

        if (decision.Tier is null || !_tiers.TryGetValue(decision.Tier, out Tier? chosen))
        {
            throw new InvalidOperationException(
                $"The {decision.Policy} tier policy chose the tier '{decision.Tier}', which is not configured (tiers: {string.Join(", ", _tierNames)}). Reason given: {decision.Reason}");
        }

        LogDecision(_logger, chosen.Name, chosen.Model, decision.Reason, elapsed.TotalMilliseconds);
        return new Route(decision, [chosen, .. chosen.Fallbacks]);
    }

    private string Served(Activity? activity, Route route, int index)
    {
        Tier tier = route.Candidates[index];
        string reason = index == 0
            ? route.Decision.Reason
            : $"{route.Decision.Reason}; served by fallback tier '{tier.Name}' because {string.Join("; ", route.Failures.Select(f => $"{f.Key}: {f.Value}"))}";
        _requests.Add(1, new KeyValuePair<string, object?>("benny.tier", tier.Name));
        if (activity is not null)
        {
            activity.SetTag("benny.tier", tier.Name);
            activity.SetTag("benny.route.policy", route.Decision.Policy);
            activity.SetTag("benny.route.reason", reason);
            activity.SetTag("gen_ai.operation.name", "chat");
            activity.SetTag("gen_ai.request.model", tier.Model);
            activity.SetTag("benny.route.fallbacks", index);
        }

        return reason;
    }

    private static void Annotate(AdditionalPropertiesDictionary properties, Route route, Tier tier, string reason)
    {
        properties[TierKey] = tier.Name;
        properties[ModelKey] = tier.Model;
        properties[ReasonKey] = reason;
        if (tier != route.Candidates[0])
        {
            properties[FallbackFromKey] = route.Candidates[0].Name;
        }
    }

    private void Failed(Activity? activity, Exception e)
    {
        if (e is TierRoutingException routing)
        {
            _requests.Add(1, new KeyValuePair<string, object?>("benny.tier", routing.Decision.Tier), new KeyValuePair<string, object?>("error.type", e.GetType().FullName));
        }

        if (activity is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, e.Message);
            activity.SetTag("error.type", e.GetType().FullName);
        }
    }

    private void RecordFailure(Tier tier)
    {
        if (tier.Health.RecordFailure() is { } until)
        {
            LogCooldownStarted(_logger, tier.Name, until);
        }
    }

    private static bool IsCallerCancellation(Exception e, CancellationToken cancellationToken)
        => e is OperationCanceledException && cancellationToken.IsCancellationRequested;

    private static async ValueTask DisposeQuietlyAsync(IAsyncEnumerator<ChatResponseUpdate>? stream)
    {
        if (stream is null)
        {
            return;
        }

        try
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The stream already failed; its disposal error must not hide the original failure.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private static string Describe(Exception e) => $"{e.GetType().Name}: {e.Message}";

    [LoggerMessage(EventId = 311, Level = LogLevel.Debug, Message = "Routed to tier {Tier} (model {Model}) in {DecisionMilliseconds:F1} ms: {Reason}.")]
    private static partial void LogDecision(ILogger logger, string tier, string model, string reason, double decisionMilliseconds);

    [LoggerMessage(EventId = 312, Level = LogLevel.Warning, Message = "Tier {FromTier} could not serve ({Error}); falling back to tier {ToTier}.")]
    private static partial void LogFallback(ILogger logger, string fromTier, string toTier, string error);

    [LoggerMessage(EventId = 313, Level = LogLevel.Warning, Message = "Tier {Tier} failed too often; it is skipped until {Until:O}.")]
    private static partial void LogCooldownStarted(ILogger logger, string tier, DateTimeOffset until);

    [LoggerMessage(EventId = 314, Level = LogLevel.Debug, Message = "Tier {Tier} failed (attempt {Attempt} of {Attempts}): {Error}.")]
    private static partial void LogAttemptFailed(ILogger logger, string tier, int attempt, int attempts, string error);

    /// <summary>A configured tier.</summary>
    private sealed class Tier(string name, IChatClient client, string model, TierHealth health)
    {
        public string Name { get; } = name;

        public IChatClient Client { get; } = client;

        public string Model { get; } = model;

        public TierHealth Health { get; } = health;

        public Tier[] Fallbacks { get; set; } = [];
    }

    /// <summary>One request's way through the tiers: the decision, the candidates in order, and why each one did not serve.</summary>
    private sealed class Route(TierDecision decision, Tier[] candidates)
    {
        private Exception? _lastError;

        public TierDecision Decision { get; } = decision;

        public Tier[] Candidates { get; } = candidates;

        public List<KeyValuePair<string, string>> Failures { get; } = [];

        /// <summary>Moves to candidate <paramref name="index"/>: records the fallback, and skips it when it is cooling down.</summary>
        /// <returns>Whether to try the candidate.</returns>
        public bool Consider(int index, TierRouterChatClient router)
        {
            Tier tier = Candidates[index];
            if (index > 0)
            {
                Tier from = Candidates[index - 1];
                router._fallbacks.Add(1, new KeyValuePair<string, object?>("benny.tier.from", from.Name), new KeyValuePair<string, object?>("benny.tier.to", tier.Name));
                LogFallback(router._logger, from.Name, tier.Name, Failures.Count > 0 ? Failures[^1].Value : "unknown");
            }

            if (tier.Health.CoolingUntil is { } until)
            {
                Failures.Add(new(tier.Name, string.Create(CultureInfo.InvariantCulture, $"cooling down until {until:O}")));
                return false;
            }

            return true;
        }

        /// <summary>Records a failed attempt on <paramref name="tier"/>; after its last attempt, records why it did not serve.</summary>
        public void Fail(Tier tier, int attempt, Exception error, TierRouterChatClient router)
        {
            _lastError = error;
            router.RecordFailure(tier);
            int attempts = router._maxRetries + 1;
            LogAttemptFailed(router._logger, tier.Name, attempt + 1, attempts, error.Message);

            if (attempt + 1 == attempts)
            {
                Failures.Add(new(tier.Name, attempts == 1 ? $"failed: {Describe(error)}" : $"failed {attempts} times, last: {Describe(error)}"));
            }
        }

        public TierRoutingException Exhausted() => new(Decision, [.. Failures], _lastError);
    }
}
