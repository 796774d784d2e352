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
/// <see cref="TierRouterOptions.CooldownTime"/>. An attempt that takes longer than its tier's time budget
/// (<see cref="TierRouterOptions.TierTimeout"/>, <see cref="TierRouterOptions.TierTimeouts"/>) is cancelled and is a failure like
/// any other; the router does not wait for a tier that ignores the cancellation. When no tier can serve, a <see cref="TierRoutingException"/> lists each
/// tier and why. Cancellation by the caller is never retried nor fallen back from. A stream falls back only before its
/// first update, and its time budget ends there too; a later error reaches the caller.
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
    /// <param name="options">Fallbacks, retries, cooldown settings and time budgets (<see cref="TierRouterOptions.Tiers"/>, <see cref="TierRouterOptions.TierClients"/> and the policy settings are not used here). Read once, here.</param>
    /// <param name="logger">Receives decisions (debug), fallbacks and cooldowns (warning); none when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock of cooldowns and decision timing; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="meterFactory">Creates the router's <see cref="Meter"/>; when <see langword="null"/>, the router creates and owns one.</param>
    /// <param name="tierModelNames">Tier → model name, as reported on responses and in telemetry; a tier not listed reports its client's <see cref="ChatClientMetadata.DefaultModelId"/>, else the tier name.</param>
    /// <exception cref="ArgumentNullException"><paramref name="tiers"/>, a client, <paramref name="policy"/> or <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="tiers"/> is empty or names a tier twice (case-insensitive), or <paramref name="options"/> names an unknown tier in its fallbacks or time budgets, has a negative number or a time budget that is not positive.</exception>
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
            if (!_tiers.TryAdd(name, new Tier(name, client, model ?? name, health, options.TimeoutOf(name))))
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
            Tier[] fallbacks = options.Fallbacks.TryGetValue(tier.Name, out List<string>? names) && names is not null
                ? [.. names.Select(f => _tiers[f]).Where(f => f != tier).Distinct()]
                : [];
            tier.Candidates = [tier, .. fallbacks];
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

    /// <summary>
    /// Routes a request. The common case runs synchronously without allocating: a <see cref="RuleTierPolicy"/> decides, and
    /// the chosen tier, not cooling down and without a time budget, answers with a completed task, which is returned annotated.
    /// Anything else (another policy, a cooling tier, a time budget, an answer still pending, a failure) continues on <see cref="RouteResponseAsync"/> from
    /// where this stopped, so every request is decided and attempted once.
    /// </summary>
    private Task<ChatResponse> GetResponseCoreAsync(IReadOnlyList<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        Activity? activity = Source.StartActivity("benny.route");
        if (_policy is not RuleTierPolicy rules)
        {
            return RouteResponseAsync(activity, null, null, messages, options, cancellationToken);
        }

        TierDecision decision;
        TimeSpan elapsed;
        try
        {
            // The rules take well under a microsecond: they are timed only when the time is recorded or logged.
            TaskProfile profile = options.ResolveTaskProfile();
            bool timed = _decisionDuration.Enabled || _logger.IsEnabled(LogLevel.Debug);
            long started = timed ? _timeProvider.GetTimestamp() : 0;
            decision = rules.Decide(profile);
            elapsed = timed ? _timeProvider.GetElapsedTime(started) : TimeSpan.Zero;
        }
        catch (Exception)
        {
            // The rules have no side effects: the general path decides again and reports the failure as it does.
            return RouteResponseAsync(activity, null, null, messages, options, cancellationToken);
        }

        Tier chosen;
        try
        {
            chosen = Decided(decision, elapsed);
        }
        catch (Exception e)
        {
            Failed(activity, e);
            activity?.Dispose();
            return Task.FromException<ChatResponse>(e);
        }

        if (chosen.Health.CoolingUntil is not null || chosen.Timeout is not null)
        {
            return RouteResponseAsync(activity, new Route(decision, chosen.Candidates), null, messages, options, cancellationToken);
        }

        Task<ChatResponse> answer;
        try
        {
            answer = chosen.Client.GetResponseAsync(messages, options, cancellationToken);
        }
        catch (Exception e)
        {
            answer = Task.FromException<ChatResponse>(e);
        }

        if (answer is not { IsCompletedSuccessfully: true, Result: { } response })
        {
            return RouteResponseAsync(activity, new Route(decision, chosen.Candidates), answer, messages, options, cancellationToken);
        }

        try
        {
            Served(activity, decision, chosen, 0, decision.Reason);
            AnnotateResponse(response, chosen, chosen, decision.Reason);
        }
        catch (Exception e)
        {
            Failed(activity, e);
            return Task.FromException<ChatResponse>(e);
        }
        finally
        {
            activity?.Dispose();
        }

        return answer;
    }

    /// <summary>The general path of a request: decides unless <paramref name="route"/> is given, then tries the tiers.</summary>
    /// <param name="activity">The request's activity; disposed here.</param>
    /// <param name="route">The decision already made, or <see langword="null"/>.</param>
    /// <param name="firstAnswer">The answer of the first attempt on the chosen tier when it was already started (the tier was found not cooling down), or <see langword="null"/>.</param>
    /// <param name="messages">The messages.</param>
    /// <param name="options">The options.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    private async Task<ChatResponse> RouteResponseAsync(
        Activity? activity, Route? route, Task<ChatResponse>? firstAnswer, IReadOnlyList<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        using (activity)
        {
            try
            {
                route ??= await DecideAsync(messages, options, cancellationToken).ConfigureAwait(false);
                (ChatResponse response, int index) = await RunOnTiersAsync<ChatResponse, ResponseAttempt>(
                    route, new ResponseAttempt(messages, options), firstAnswer, cancellationToken).ConfigureAwait(false);
                Tier served = route.Candidates[index];
                string reason = Served(activity, route, index);
                AnnotateResponse(response, route.Candidates[0], served, reason);
                return response;
            }
            catch (Exception e)
            {
                Failed(activity, e);
                throw;
            }
        }
    }

    private static void AnnotateResponse(ChatResponse response, Tier chosen, Tier served, string reason)
    {
        response.ModelId = served.Model;
        Annotate(response.AdditionalProperties ??= [], chosen, served, reason);
        IList<ChatMessage> messages = response.Messages;
        for (int i = 0; i < messages.Count; i++)
        {
            // Adapters that surface per-message properties (Semantic Kernel's Metadata) see the route too.
            ChatMessage message = messages[i];
            Annotate(message.AdditionalProperties ??= [], chosen, served, reason);
        }
    }

    private async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseCoreAsync(
        IReadOnlyList<ChatMessage> messages,
        ChatOptions? options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using Activity? activity = Source.StartActivity("benny.route");
        (Route route, int index, (IAsyncEnumerator<ChatResponseUpdate> stream, bool hasFirst, CancellationTokenSource? attemptCancellation)) =
            await StartStreamAsync(activity, messages, options, cancellationToken).ConfigureAwait(false);
        using (attemptCancellation)
        await using (stream.ConfigureAwait(false))
        {
            Tier tier = route.Candidates[index];
            string reason = Served(activity, route, index);
            bool more = hasFirst;
            while (more)
            {
                ChatResponseUpdate update = stream.Current;
                update.ModelId = tier.Model;
                Annotate(update.AdditionalProperties ??= [], route.Candidates[0], tier, reason);
                yield return update;

                try
                {
                    more = await stream.MoveNextAsync().ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    if (!IsCallerCancellation(e, cancellationToken) && !IsRequestError(e))
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
    private async Task<(Route Route, int Index, StartedStream Started)> StartStreamAsync(
        Activity? activity, IReadOnlyList<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        try
        {
            Route route = await DecideAsync(messages, options, cancellationToken).ConfigureAwait(false);
            (StartedStream started, int index) = await RunOnTiersAsync<StartedStream, StreamAttempt>(
                route, new StreamAttempt(messages, options), null, cancellationToken).ConfigureAwait(false);
            return (route, index, started);
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
    /// <remarks>A value task and a struct attempt: when the first tier answers synchronously, nothing is allocated here.</remarks>
    /// <param name="route">The decision and its candidates.</param>
    /// <param name="attempt">Runs one attempt on a tier.</param>
    /// <param name="firstAnswer">
    /// The first attempt on the first candidate, when the caller already started it after finding the tier not cooling
    /// down; <see langword="null"/> to consider and attempt every candidate here.
    /// </param>
    /// <param name="cancellationToken">The caller's token.</param>
    private async ValueTask<(T Result, int Index)> RunOnTiersAsync<T, TAttempt>(Route route, TAttempt attempt, Task<T>? firstAnswer, CancellationToken cancellationToken)
        where TAttempt : struct, ITierAttempt<T>
    {
        for (int index = 0; index < route.Candidates.Length; index++)
        {
            Tier tier = route.Candidates[index];
            if (!(index == 0 && firstAnswer is not null) && !route.Consider(index, this))
            {
                continue;
            }

            for (int retry = 0; retry <= _maxRetries; retry++)
            {
                try
                {
                    ValueTask<T> answer = index == 0 && retry == 0 && firstAnswer is not null ? new ValueTask<T>(firstAnswer) : RunAttemptAsync<T, TAttempt>(tier, attempt, cancellationToken);
                    return (await answer.ConfigureAwait(false), index);
                }
                catch (Exception e) when (!IsCallerCancellation(e, cancellationToken))
                {
                    if (!route.Fail(tier, retry, e, this))
                    {
                        break;
                    }
                }
            }
        }

        throw route.Exhausted();
    }

    /// <summary>Runs one attempt on <paramref name="tier"/>, within the tier's time budget when it has one.</summary>
    private ValueTask<T> RunAttemptAsync<T, TAttempt>(Tier tier, TAttempt attempt, CancellationToken cancellationToken)
        where TAttempt : struct, ITierAttempt<T>
        => tier.Timeout is { } timeout ? RunTimedAttemptAsync<T, TAttempt>(tier, timeout, attempt, cancellationToken) : attempt.RunAsync(tier, cancellationToken);

    /// <summary>
    /// Runs one attempt with a token that is cancelled when <paramref name="timeout"/> passes on the router's clock, and stops
    /// waiting for it then even when the tier ignores its token: a hung tier never holds the caller past its budget.
    /// </summary>
    /// <exception cref="TimeoutException">The attempt did not end within <paramref name="timeout"/>.</exception>
    private async ValueTask<T> RunTimedAttemptAsync<T, TAttempt>(Tier tier, TimeSpan timeout, TAttempt attempt, CancellationToken cancellationToken)
        where TAttempt : struct, ITierAttempt<T>
    {
        using var budget = new CancellationTokenSource(timeout, _timeProvider);
        CancellationTokenSource? attemptCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        Task<T>? pending = null;
        try
        {
            pending = attempt.RunAsync(tier, attemptCancellation.Token).AsTask();
            T result = await pending.WaitAsync(attemptCancellation.Token).ConfigureAwait(false);

            // The budget ends here (a stream's first update); the result owns the attempt's token source from now on.
            CancellationTokenSource kept = attemptCancellation;
            attemptCancellation = null;
            return attempt.Keep(result, kept);
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(string.Create(
                CultureInfo.InvariantCulture, $"The tier '{tier.Name}' did not answer within its time budget of {timeout.TotalSeconds:0.###} s; the attempt was cancelled."));
        }
        finally
        {
            if (attemptCancellation is not null && pending is { IsCompleted: false })
            {
                // Given up on (time budget or the caller's cancellation): release what it holds and observe its error when it ends.
                attempt.Abandon(pending, attemptCancellation);
            }
            else
            {
                attemptCancellation?.Dispose();
            }
        }
    }

    private async ValueTask<Route> DecideAsync(IReadOnlyList<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        TaskProfile profile = options.ResolveTaskProfile();
        long started = _timeProvider.GetTimestamp();
        TierDecision decision = await _policy.DecideAsync(new TierRoutingContext(messages, options, profile, _tierNames), cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The {_policy.Name} tier policy returned no decision.");
        Tier chosen = Decided(decision, _timeProvider.GetElapsedTime(started));
        return new Route(decision, chosen.Candidates);
    }

    /// <summary>Records the policy's decision and how long it took, and returns the chosen tier.</summary>
    /// <exception cref="InvalidOperationException">The decision names a tier that is not configured.</exception>
    private Tier Decided(TierDecision decision, TimeSpan elapsed)
    {
        _decisionDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("benny.route.policy", _policy.Name));

        if (decision.Tier is null || !_tiers.TryGetValue(decision.Tier, out Tier? chosen))
        {
            throw new InvalidOperationException(
                $"The {decision.Policy} tier policy chose the tier '{decision.Tier}', which is not configured (tiers: {string.Join(", ", _tierNames)}). Reason given: {decision.Reason}");
        }

        LogDecision(_logger, chosen.Name, chosen.Model, decision.Reason, elapsed.TotalMilliseconds);
        return chosen;
    }

    private string Served(Activity? activity, Route route, int index)
    {
        Tier tier = route.Candidates[index];
        string reason = index == 0
            ? route.Decision.Reason
            : $"{route.Decision.Reason}; served by fallback tier '{tier.Name}' because {string.Join("; ", route.Failures.Select(f => $"{f.Key}: {f.Value}"))}";
        Served(activity, route.Decision, tier, index, reason);
        return reason;
    }

    /// <summary>Counts the request for the tier that served it and tags the activity.</summary>
    private void Served(Activity? activity, TierDecision decision, Tier tier, int index, string reason)
    {
        _requests.Add(1, new KeyValuePair<string, object?>("benny.tier", tier.Name));
        if (activity is not null)
        {
            activity.SetTag("benny.tier", tier.Name);
            activity.SetTag("benny.route.policy", decision.Policy);
            activity.SetTag("benny.route.reason", reason);
            activity.SetTag("gen_ai.operation.name", "chat");
            activity.SetTag("gen_ai.request.model", tier.Model);
            activity.SetTag("benny.route.fallbacks", index);
        }
    }

    /// <summary>Writes the route into a response's, message's or update's properties.</summary>
    /// <param name="properties">The properties to write.</param>
    /// <param name="chosen">The tier the policy chose.</param>
    /// <param name="tier">The tier that served.</param>
    /// <param name="reason">Why.</param>
    private static void Annotate(AdditionalPropertiesDictionary properties, Tier chosen, Tier tier, string reason)
    {
        properties[TierKey] = tier.Name;
        properties[ModelKey] = tier.Model;
        properties[ReasonKey] = reason;
        if (tier != chosen)
        {
            properties[FallbackFromKey] = chosen.Name;
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

    /// <summary>
    /// Whether the tier refused the request itself (an argument it cannot take, a feature its model lacks, such as tools on a
    /// model without a tool-call format): the tier is healthy, so such an error is neither retried on it nor counted towards
    /// its cooldown; a fallback may still serve the request. As LiteLLM, which cools a deployment down for rate limits,
    /// time-outs and server errors, not for a bad request.
    /// </summary>
    private static bool IsRequestError(Exception error) => error is ArgumentException or NotSupportedException;

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
    private sealed class Tier(string name, IChatClient client, string model, TierHealth health, TimeSpan? timeout)
    {
        public string Name { get; } = name;

        public IChatClient Client { get; } = client;

        public string Model { get; } = model;

        public TierHealth Health { get; } = health;

        /// <summary>Gets the time budget of one attempt, or <see langword="null"/> for none.</summary>
        public TimeSpan? Timeout { get; } = timeout;

        /// <summary>Gets or sets the tiers a request chosen for this one tries, in order: this tier, then its fallbacks.</summary>
        public Tier[] Candidates { get; set; } = [];
    }

    /// <summary>One attempt on a tier; a struct, so that running it allocates no closure.</summary>
    private interface ITierAttempt<T>
    {
        /// <summary>Runs the attempt.</summary>
        /// <param name="tier">The tier.</param>
        /// <param name="cancellationToken">The caller's token, or one linked to it that the tier's time budget also cancels.</param>
        ValueTask<T> RunAsync(Tier tier, CancellationToken cancellationToken);

        /// <summary>Hands the token source of a timed attempt that succeeded to its result, which disposes it when done with the token.</summary>
        T Keep(T result, CancellationTokenSource cancellation);

        /// <summary>Lets an attempt the router stopped waiting for end on its own: observes its error, releases its result and <paramref name="cancellation"/>.</summary>
        void Abandon(Task<T> pending, CancellationTokenSource cancellation);
    }

    /// <summary>Asks a tier for a response.</summary>
    private readonly struct ResponseAttempt(IReadOnlyList<ChatMessage> messages, ChatOptions? options) : ITierAttempt<ChatResponse>
    {
        public ValueTask<ChatResponse> RunAsync(Tier tier, CancellationToken cancellationToken)
            => new(tier.Client.GetResponseAsync(messages, options, cancellationToken));

        public ChatResponse Keep(ChatResponse result, CancellationTokenSource cancellation)
        {
            // A complete response no longer uses the token.
            cancellation.Dispose();
            return result;
        }

        public void Abandon(Task<ChatResponse> pending, CancellationTokenSource cancellation)
            => _ = pending.ContinueWith(
                static (done, state) =>
                {
                    _ = done.Exception;
                    ((CancellationTokenSource)state!).Dispose();
                },
                cancellation,
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
    }

    /// <summary>Starts a tier's stream and waits for its first update, so that a tier failing to start can be fallen back from.</summary>
    private readonly struct StreamAttempt(IReadOnlyList<ChatMessage> messages, ChatOptions? options) : ITierAttempt<StartedStream>
    {
        public async ValueTask<StartedStream> RunAsync(Tier tier, CancellationToken cancellationToken)
        {
            IAsyncEnumerator<ChatResponseUpdate>? stream = null;
            try
            {
                stream = tier.Client.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
                bool hasFirst = await stream.MoveNextAsync().ConfigureAwait(false);
                return new StartedStream(stream, hasFirst, null);
            }
            catch
            {
                await DisposeQuietlyAsync(stream).ConfigureAwait(false);
                throw;
            }
        }

        public StartedStream Keep(StartedStream result, CancellationTokenSource cancellation)
            => result with { AttemptCancellation = cancellation };

        public void Abandon(Task<StartedStream> pending, CancellationTokenSource cancellation)
            => _ = pending.ContinueWith(
                static async (done, state) =>
                {
                    if (done.IsCompletedSuccessfully)
                    {
                        await DisposeQuietlyAsync(done.Result.Stream).ConfigureAwait(false);
                    }
                    else
                    {
                        _ = done.Exception;
                    }

                    ((CancellationTokenSource)state!).Dispose();
                },
                cancellation,
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
    }

    /// <summary>A tier's stream after its first update, with the token source of its attempt, which it keeps using until it is disposed.</summary>
    private readonly record struct StartedStream(IAsyncEnumerator<ChatResponseUpdate> Stream, bool HasFirst, CancellationTokenSource? AttemptCancellation);

    /// <summary>One request's way through the tiers: the decision, the candidates in order, and why each one did not serve.</summary>
    private sealed class Route(TierDecision decision, Tier[] candidates)
    {
        private Exception? _lastError;

        public TierDecision Decision { get; } = decision;

        public Tier[] Candidates { get; } = candidates;

        private List<KeyValuePair<string, string>>? _failures;

        /// <summary>Gets why each tier tried so far did not serve (created on the first failure).</summary>
        public List<KeyValuePair<string, string>> Failures => _failures ??= [];

        /// <summary>Moves to candidate <paramref name="index"/>: records the fallback, and skips it when it is cooling down.</summary>
        /// <returns>Whether to try the candidate.</returns>
        public bool Consider(int index, TierRouterChatClient router)
        {
            Tier tier = Candidates[index];
            if (index > 0)
            {
                Tier from = Candidates[index - 1];
                router._fallbacks.Add(1, new KeyValuePair<string, object?>("benny.tier.from", from.Name), new KeyValuePair<string, object?>("benny.tier.to", tier.Name));
                LogFallback(router._logger, from.Name, tier.Name, _failures is { Count: > 0 } ? _failures[^1].Value : "unknown");
            }

            if (tier.Health.CoolingUntil is { } until)
            {
                Failures.Add(new(tier.Name, string.Create(CultureInfo.InvariantCulture, $"cooling down until {until:O}")));
                return false;
            }

            return true;
        }

        /// <summary>
        /// Records a failed attempt on <paramref name="tier"/>; after its last attempt, records why it did not serve. A request
        /// the tier refuses (<see cref="IsRequestError"/>) is not retried there and does not count towards its cooldown.
        /// </summary>
        /// <returns>Whether to try the tier again.</returns>
        public bool Fail(Tier tier, int attempt, Exception error, TierRouterChatClient router)
        {
            _lastError = error;
            if (IsRequestError(error))
            {
                LogAttemptFailed(router._logger, tier.Name, attempt + 1, attempt + 1, error.Message);
                Failures.Add(new(tier.Name, $"refused the request: {Describe(error)}"));
                return false;
            }

            router.RecordFailure(tier);
            int attempts = router._maxRetries + 1;
            LogAttemptFailed(router._logger, tier.Name, attempt + 1, attempts, error.Message);

            if (attempt + 1 == attempts)
            {
                Failures.Add(new(tier.Name, attempts == 1 ? $"failed: {Describe(error)}" : $"failed {attempts} times, last: {Describe(error)}"));
            }

            return true;
        }

        public TierRoutingException Exhausted() => new(Decision, [.. Failures], _lastError);
    }
}
