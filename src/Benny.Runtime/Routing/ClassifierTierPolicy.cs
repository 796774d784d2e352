using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Benny.Runtime.Presets;
using Benny.Runtime.Prompts;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Benny.Runtime.Routing;

/// <summary>
/// Routes by asking a small model (usually the light tier's) which tier a request needs, and lets a fallback policy
/// (usually the <see cref="RuleTierPolicy"/>) decide when the classifier fails, times out, or answers something that is
/// not a tier label.
/// </summary>
/// <remarks>
/// The classifier gets a short prompt: a system message listing the tier labels and what each is for, and the last user
/// message of the request. It runs greedily (temperature 0) with at most 8 output tokens and without the model's own
/// prompt template. With <see cref="ClassifierTierPolicyOptions.UseGrammar"/>, its output is constrained to the labels by
/// a GBNF grammar under <see cref="ConstrainedOutput.GbnfGrammarKey"/>; on other engines the answer is parsed (trimmed,
/// lower-cased, first word, punctuation stripped) and must be a label either way. With
/// <see cref="ClassifierTierPolicyOptions.DecisionFormat"/> = <see cref="ClassifierDecisionFormat.JsonSchema"/>, the classifier is asked
/// for <c>{"tier": "...", "reason": "..."}</c> under a JSON schema whose <c>tier</c> is an enum of the labels (at most
/// <see cref="JsonMaxOutputTokens"/> tokens); the first JSON object in the answer is read, property names and the label case-insensitively.
/// Safe to use from any thread.
/// </remarks>
public sealed partial class ClassifierTierPolicy : ITierPolicy
{
    private const int MaxOutputTokens = 8;

    /// <summary>The output budget of a JSON route decision: the object, a label and a reason of at most <see cref="MaxReasonLength"/> characters.</summary>
    internal const int JsonMaxOutputTokens = 96;

    /// <summary>The longest reason the schema allows.</summary>
    internal const int MaxReasonLength = 120;

    private readonly IChatClient _classifier;
    private readonly ITierPolicy _fallback;
    private readonly TimeSpan _timeout;
    private readonly bool _useGrammar;
    private readonly ClassifierDecisionFormat _format;
    private readonly DecisionCache? _cache;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="classifier">The model that classifies requests (usually the light tier's client).</param>
    /// <param name="fallback">The policy that decides when the classifier cannot (usually a <see cref="RuleTierPolicy"/>).</param>
    /// <param name="options">Timeout, grammar and cache settings; defaults when <see langword="null"/>. Read once, here.</param>
    /// <param name="logger">Receives decisions (debug) and fallbacks (warning); none when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock the timeout runs on; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="classifier"/> or <paramref name="fallback"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> has a non-positive timeout or cache size.</exception>
    public ClassifierTierPolicy(IChatClient classifier, ITierPolicy fallback, ClassifierTierPolicyOptions? options = null, ILogger? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(fallback);
        options ??= new ClassifierTierPolicyOptions();
        var errors = new List<string>();
        options.CollectErrors(nameof(options), errors);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        _classifier = classifier;
        _fallback = fallback;
        _timeout = options.Timeout;
        _useGrammar = options.UseGrammar;
        _format = options.DecisionFormat;
        _cache = options.CacheDecisions ? new DecisionCache(options.CacheSize) : null;
        _logger = logger ?? NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Gets the policy name, <c>Classifier</c>.</summary>
    public string Name => "Classifier";

    /// <inheritdoc />
    /// <remarks>
    /// Returns a decision of this policy when the classifier answered a tier label; otherwise the fallback policy's
    /// decision, whose reason starts with why the classifier was not used.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public ValueTask<TierDecision> DecideAsync(TierRoutingContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return DecideCoreAsync(context, cancellationToken);
    }

    /// <summary>Builds the classifier's system message: the labels and what each is for.</summary>
    internal static string BuildInstructions(IReadOnlyCollection<string> tiers)
    {
        var text = new StringBuilder()
            .Append("You decide which model tier should handle a request. Answer with exactly one word, one of: ")
            .Append(string.Join(", ", tiers))
            .Append(".\n");
        foreach (string tier in tiers)
        {
            text.Append("- ").Append(tier).Append(": ").Append(Describe(tier)).Append('\n');
        }

        return text.Append("Answer with the tier label only.").ToString();
    }

    /// <summary>Builds the system message of a JSON route decision: the labels, what each is for, and the object to answer.</summary>
    internal static string BuildJsonInstructions(IReadOnlyCollection<string> tiers)
    {
        var text = new StringBuilder()
            .Append("You decide which model tier should handle a request. The tiers are: ")
            .Append(string.Join(", ", tiers))
            .Append(".\n");
        foreach (string tier in tiers)
        {
            text.Append("- ").Append(tier).Append(": ").Append(Describe(tier)).Append('\n');
        }

        return text.Append("Answer with a JSON object only: {\"tier\": \"<one of the tiers>\", \"reason\": \"<a short reason>\"}.").ToString();
    }

    /// <summary>The JSON schema of a route decision: <c>tier</c> one of the labels, <c>reason</c> a short string, nothing else.</summary>
    internal static JsonElement DecisionSchema(IReadOnlyCollection<string> tiers)
    {
        var schema = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["tier"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray([.. tiers.Select(t => (JsonNode)t)]) },
                ["reason"] = new JsonObject { ["type"] = "string", ["maxLength"] = MaxReasonLength },
            },
            ["required"] = new JsonArray("tier", "reason"),
            ["additionalProperties"] = false,
        };
        return JsonSerializer.SerializeToElement(schema);
    }

    /// <summary>
    /// Reads a JSON route decision: the first JSON object in the answer with a known <c>tier</c> (code fences and text around it are skipped), its
    /// <c>tier</c> (property name and label case-insensitive, trimmed) and optional string <c>reason</c>.
    /// </summary>
    /// <returns>The tier as configured and the reason (empty when absent), or <see langword="null"/> when the answer holds no such decision.</returns>
    internal static (string Tier, string Reason)? ParseJsonAnswer(string? answer, IReadOnlyCollection<string> tiers)
    {
        string text = answer ?? "";
        for (int start = text.IndexOf('{', StringComparison.Ordinal); start >= 0; start = text.IndexOf('{', start + 1))
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text[start..]), new JsonReaderOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            JsonElement decision;
            try
            {
                if (!JsonElement.TryParseValue(ref reader, out JsonElement? parsed) || parsed is not { ValueKind: JsonValueKind.Object } value)
                {
                    continue;
                }

                decision = value;
            }
            catch (JsonException)
            {
                continue;
            }

            string? tier = null;
            string reason = "";
            foreach (JsonProperty property in decision.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    continue;
                }

                if (string.Equals(property.Name, "tier", StringComparison.OrdinalIgnoreCase))
                {
                    string label = property.Value.GetString()!.Trim();
                    tier = tiers.FirstOrDefault(t => string.Equals(t, label, StringComparison.OrdinalIgnoreCase));
                }
                else if (string.Equals(property.Name, "reason", StringComparison.OrdinalIgnoreCase))
                {
                    reason = property.Value.GetString()!.Trim();
                }
            }

            if (tier is not null)
            {
                return (tier, reason.Length > MaxReasonLength ? reason[..MaxReasonLength] + "..." : reason);
            }
        }

        return null;
    }

    /// <summary>Reads a tier label from the classifier's answer: trimmed, lower-cased, first word, punctuation stripped.</summary>
    /// <returns>The tier as configured, or <see langword="null"/> when the answer is not a label.</returns>
    internal static string? ParseAnswer(string? answer, IReadOnlyCollection<string> tiers)
    {
        string[] words = (answer ?? "").Trim().ToLowerInvariant().Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return null;
        }

        string word = words[0].Trim().Trim(PunctuationOf(words[0]));
        return tiers.FirstOrDefault(t => string.Equals(t, word, StringComparison.OrdinalIgnoreCase));
    }

    private static char[] PunctuationOf(string word) => [.. word.Where(c => char.IsPunctuation(c) || char.IsSymbol(c)).Distinct()];

    private static string Describe(string tier) => tier.ToLowerInvariant() switch
    {
        "light" => "short, simple tasks: routing, classification, intent detection, transcript cleanup, short answers that need no tools.",
        "heavy" => "demanding tasks: reasoning, planning, several steps, tool use, long answers, business-domain work (ERP, CRM, IT operations, office automation).",
        _ => $"the '{tier}' tier.",
    };

    private async ValueTask<TierDecision> DecideCoreAsync(TierRoutingContext context, CancellationToken cancellationToken)
    {
        string? text = context.Messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text;
        if (string.IsNullOrWhiteSpace(text))
        {
            return await FallbackAsync(context, "the request has no user message to classify", cancellationToken).ConfigureAwait(false);
        }

        string key = string.Join('\u001f', context.Tiers.Order(StringComparer.OrdinalIgnoreCase)) + '\u001e' + text;
        if (_cache is not null && _cache.TryGet(key, out string cached))
        {
            return new TierDecision(cached, $"the classifier answered '{cached}' (cached)", Name);
        }

        bool json = _format == ClassifierDecisionFormat.JsonSchema;
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = json ? JsonMaxOutputTokens : MaxOutputTokens }.WithoutPromptInjection();
        if (json)
        {
            options.ResponseFormat = ChatResponseFormat.ForJsonSchema(DecisionSchema(context.Tiers), "route_decision", "The tier that should handle the request, and why.");
        }
        else if (_useGrammar)
        {
            options.AdditionalProperties![ConstrainedOutput.GbnfGrammarKey] = ConstrainedOutput.GbnfChoice(context.Tiers);
        }

        ChatMessage[] prompt = [new(ChatRole.System, json ? BuildJsonInstructions(context.Tiers) : BuildInstructions(context.Tiers)), new(ChatRole.User, text)];
        using var callCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<ChatResponse>? call = null;
        string? answer;
        try
        {
            call = _classifier.GetResponseAsync(prompt, options, callCancellation.Token);
            answer = (await call.WaitAsync(_timeout, _timeProvider, cancellationToken).ConfigureAwait(false)).Text;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Observe(call);
            throw;
        }
        catch (TimeoutException) when (call is { IsCompleted: false })
        {
            await callCancellation.CancelAsync().ConfigureAwait(false);
            Observe(call);
            string seconds = _timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
            return await FallbackAsync(context, $"the classifier timed out after {seconds} s", cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            return await FallbackAsync(context, $"classifier failed: {e.GetType().Name}: {e.Message}", cancellationToken).ConfigureAwait(false);
        }

        string? tier;
        string? why = null;
        if (json)
        {
            (tier, why) = ParseJsonAnswer(answer, context.Tiers) is { } decision ? (decision.Tier, decision.Reason) : ((string?)null, (string?)null);
        }
        else
        {
            tier = ParseAnswer(answer, context.Tiers);
        }

        if (tier is null)
        {
            string shown = (answer ?? "").Trim();
            shown = shown.Length > 40 ? shown[..40] + "..." : shown;
            return await FallbackAsync(context, $"the classifier answered '{shown}', not a {(json ? "JSON route decision" : "tier")}", cancellationToken).ConfigureAwait(false);
        }

        _cache?.Add(key, tier);
        LogClassified(_logger, tier);
        return new TierDecision(tier, string.IsNullOrEmpty(why) ? $"the classifier answered '{tier}'" : $"the classifier answered '{tier}': {why}", Name);
    }

    private async ValueTask<TierDecision> FallbackAsync(TierRoutingContext context, string why, CancellationToken cancellationToken)
    {
        LogFallingBack(_logger, why, _fallback.Name);
        TierDecision decision = await _fallback.DecideAsync(context, cancellationToken).ConfigureAwait(false);
        return decision with { Reason = $"{why}; {decision.Reason}" };
    }

    /// <summary>Keeps an abandoned classifier call from raising an unobserved task exception.</summary>
    private static void Observe(Task? call)
        => call?.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    [LoggerMessage(EventId = 301, Level = LogLevel.Debug, Message = "The classifier chose tier {Tier}.")]
    private static partial void LogClassified(ILogger logger, string tier);

    [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "Tier classifier not used: {Why}. The {FallbackPolicy} policy decides instead.")]
    private static partial void LogFallingBack(ILogger logger, string why, string fallbackPolicy);
}
