using System.Globalization;
using System.Text.Json;
using Benny.Evaluation.Evaluators;
using Benny.Runtime.Prompts;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Benny.Evaluation;

/// <summary>Runs every case of a golden set on every variant, scores the answers and builds an <see cref="EvaluationReport"/>.</summary>
/// <remarks>
/// <para>
/// Each request streams, so the time to first token (the first update with text or a tool call) and the decode speed
/// (output tokens after the first, from the reported usage or else the number of text updates, per second after the first)
/// are measured as a caller sees them. A case's request carries its <c>max_tokens</c>, its <c>schema</c> as the response
/// format (<see cref="ChatResponseFormat.ForJsonSchema(JsonElement, string?, string?)"/>, so engines that constrain decoding
/// do), its <c>tools</c>, and its <c>prompt</c>: rendered from the variant's <see cref="EvaluationVariant.Prompts"/> when
/// it holds that id (the model's own prompt injection is then turned off), else its variables passed with
/// <see cref="PromptChatOptionsExtensions.WithPromptVariables"/> for the model's own prompt template to render.
/// </para>
/// <para>
/// The cases run variant by variant, in the set's order, <see cref="EvaluationRunOptions.Concurrency"/> at a time (so with
/// the default of one, each variant's model is loaded once and measured alone). A failing or timed-out request, or a
/// failing evaluator, is recorded on its case and the run goes on; only cancelling
/// <c>cancellationToken</c> ends it. The evaluators get the messages sent, the response and a <see cref="GoldenCaseContext"/>.
/// </para>
/// </remarks>
public static class EvaluationRunner
{
    /// <summary>Runs the evaluation.</summary>
    /// <param name="set">The golden set.</param>
    /// <param name="variants">The variants; names must be unique.</param>
    /// <param name="evaluators">The evaluators (<see cref="DefaultEvaluators.Create"/> for the standard ones).</param>
    /// <param name="options">Concurrency, per-case timeout, default token cap and judge; defaults when <see langword="null"/>.</param>
    /// <param name="progress">Receives one report per case done; <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">Ends the run.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="set"/>, <paramref name="variants"/> or <paramref name="evaluators"/> is <see langword="null"/>, or holds a <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">No variant is given, two variants share a name, or <see cref="EvaluationRunOptions.Concurrency"/> is less than 1.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static Task<EvaluationReport> RunAsync(
        GoldenSet set,
        IEnumerable<EvaluationVariant> variants,
        IEnumerable<IEvaluator> evaluators,
        EvaluationRunOptions? options = null,
        IProgress<EvaluationProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(variants);
        ArgumentNullException.ThrowIfNull(evaluators);
        EvaluationVariant[] variantList = [.. variants];
        IEvaluator[] evaluatorList = [.. evaluators];
        if (variantList.Length == 0)
        {
            throw new ArgumentException("At least one variant is needed.", nameof(variants));
        }

        foreach (EvaluationVariant variant in variantList)
        {
            ArgumentNullException.ThrowIfNull(variant, nameof(variants));
        }

        foreach (IEvaluator evaluator in evaluatorList)
        {
            ArgumentNullException.ThrowIfNull(evaluator, nameof(evaluators));
        }

        if (variantList.GroupBy(v => v.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new ArgumentException($"Two variants are named '{twice.Key}'; variant names must be unique.", nameof(variants));
        }

        options ??= new EvaluationRunOptions();
        if (options.Concurrency < 1)
        {
            throw new ArgumentException($"EvaluationRunOptions.Concurrency must be 1 or more (got {options.Concurrency}).", nameof(options));
        }

        return RunCoreAsync(set, variantList, evaluatorList, options, progress, cancellationToken);
    }

    private static async Task<EvaluationReport> RunCoreAsync(
        GoldenSet set, EvaluationVariant[] variants, IEvaluator[] evaluators, EvaluationRunOptions options, IProgress<EvaluationProgress>? progress, CancellationToken cancellationToken)
    {
        TimeProvider clock = options.TimeProvider ?? TimeProvider.System;
        DateTimeOffset started = clock.GetUtcNow();
        int total = variants.Length * set.Cases.Count;
        var results = new CaseResult[variants.Length, set.Cases.Count];
        int completed = 0;
        int next = -1;

        // Workers take the (variant, case) pairs in order, variant by variant: with one worker the run is sequential and
        // each variant's model is loaded once, before its cases, rather than all models interleaved.
        async Task WorkAsync()
        {
            for (int index = Interlocked.Increment(ref next); index < total; index = Interlocked.Increment(ref next))
            {
                int variantIndex = index / set.Cases.Count, caseIndex = index % set.Cases.Count;
                EvaluationVariant variant = variants[variantIndex];
                CaseResult result = await RunCaseAsync(variant, set.Cases[caseIndex], evaluators, options, clock, cancellationToken).ConfigureAwait(false);
                results[variantIndex, caseIndex] = result;
                progress?.Report(new EvaluationProgress(variant.Name, result.CaseId, Interlocked.Increment(ref completed), total, result.Error));
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Math.Min(options.Concurrency, total)).Select(_ => Task.Run(WorkAsync, cancellationToken))).ConfigureAwait(false);
        List<VariantReport> reports = [.. variants.Select((variant, v) => Summarize(variant, [.. Enumerable.Range(0, set.Cases.Count).Select(c => results[v, c])]))];
        return new EvaluationReport
        {
            SetName = set.Name,
            CreatedAt = started,
            Variants = reports,
            Differences = EvaluationReport.FindDifferences(reports),
        };
    }

    /// <summary>Asks one variant one case and scores the answer; failures become the case's error.</summary>
    private static async Task<CaseResult> RunCaseAsync(
        EvaluationVariant variant, GoldenCase golden, IEvaluator[] evaluators, EvaluationRunOptions options, TimeProvider clock, CancellationToken cancellationToken)
    {
        long start = clock.GetTimestamp();
        double? ttft = null;
        long textUpdates = 0;
        var updates = new List<ChatResponseUpdate>();
        IReadOnlyList<ChatMessage> messages;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            (messages, ChatOptions requestOptions) = Prepare(variant, golden, options);
            if (options.CaseTimeout is { } limit)
            {
                timeout.CancelAfter(limit);
            }

            await foreach (ChatResponseUpdate update in variant.Client.GetStreamingResponseAsync(messages, requestOptions, timeout.Token).ConfigureAwait(false))
            {
                updates.Add(update);
                bool text = update.Text.Length > 0;
                textUpdates += text ? 1 : 0;
                if (ttft is null && (text || update.Contents.Any(c => c is FunctionCallContent)))
                {
                    ttft = clock.GetElapsedTime(start).TotalMilliseconds;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return Failed(golden, $"TimeoutException: no complete answer within {options.CaseTimeout!.Value.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s (EvaluationRunOptions.CaseTimeout).", clock.GetElapsedTime(start));
        }
        catch (Exception e)
        {
            return Failed(golden, Describe(e), clock.GetElapsedTime(start));
        }

        double totalMs = clock.GetElapsedTime(start).TotalMilliseconds;
        ChatResponse response = updates.ToChatResponse();
        long? outputTokens = response.Usage?.OutputTokenCount ?? (textUpdates > 0 ? textUpdates : null);
        double? tokensPerSecond = ttft is { } first && outputTokens is > 1 && totalMs > first
            ? Math.Round((outputTokens.Value - 1) / ((totalMs - first) / 1000), 2)
            : null;

        var metrics = new SortedDictionary<string, CaseMetric>(StringComparer.Ordinal);
        var errors = new List<string>();
        EvaluationContext[] context = [new GoldenCaseContext(golden)];
        foreach (IEvaluator evaluator in evaluators)
        {
            try
            {
                EvaluationResult result = await evaluator.EvaluateAsync(messages, response, options.ChatConfiguration, context, cancellationToken).ConfigureAwait(false);
                foreach (EvaluationMetric metric in result.Metrics.Values)
                {
                    metrics[metric.Name] = ToCaseMetric(metric);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e)
            {
                errors.Add($"{evaluator.GetType().Name} failed: {Describe(e)}");
            }
        }

        return new CaseResult
        {
            CaseId = golden.Id,
            Answer = response.Text,
            ToolCalls = [.. ToolCalls.Of(response).Select(DescribeCall)],
            Tier = RouteAnnotations.ServedTier(response),
            Metrics = metrics,
            Error = errors.Count == 0 ? null : string.Join(" ", errors),
            TimeToFirstTokenMs = ttft is { } t ? Math.Round(t, 2) : null,
            TokensPerSecond = tokensPerSecond,
            OutputTokens = outputTokens,
            TotalMs = Math.Round(totalMs, 2),
        };
    }

    /// <summary>The messages and options of a case's request.</summary>
    /// <exception cref="PromptRenderException">The case's variables do not fit its prompt template.</exception>
    internal static (IReadOnlyList<ChatMessage> Messages, ChatOptions Options) Prepare(EvaluationVariant variant, GoldenCase golden, EvaluationRunOptions runOptions)
    {
        ChatOptions options = variant.Options?.Clone() ?? new ChatOptions();
        if (golden.MaxTokens is { } maxTokens)
        {
            options.MaxOutputTokens = maxTokens;
        }
        else
        {
            options.MaxOutputTokens ??= runOptions.DefaultMaxOutputTokens;
        }

        if (golden.Schema is { } schema)
        {
            options.ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, schemaName: "answer");
        }

        if (golden.Tools.Count > 0)
        {
            options.Tools = [.. golden.Tools.Select(t => AIFunctionFactory.CreateDeclaration(t.Name, t.Description, t.Parameters))];
        }

        IReadOnlyList<ChatMessage> messages = golden.Messages;
        if (golden.PromptId is { } promptId)
        {
            if (variant.Prompts is not null && variant.Prompts.TryGet(promptId, out PromptTemplate? template))
            {
                messages = [.. template.Render(golden.Variables), .. golden.Messages];
                options.WithoutPromptInjection();
            }
            else
            {
                // The model's own prompt template (a registry model's pipeline injects it) renders the variables.
                options.WithPromptVariables(golden.Variables);
            }
        }

        return (messages, options);
    }

    private static CaseResult Failed(GoldenCase golden, string error, TimeSpan elapsed)
        => new() { CaseId = golden.Id, Error = error, TotalMs = Math.Round(elapsed.TotalMilliseconds, 2) };

    private static string Describe(Exception e) => $"{e.GetType().Name}: {e.Message}";

    private static string DescribeCall(FunctionCallContent call)
        => $"{call.Name}({JsonSerializer.Serialize(call.Arguments ?? new Dictionary<string, object?>(), AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IDictionary<string, object?>)))})";

    private static CaseMetric ToCaseMetric(EvaluationMetric metric) => new()
    {
        Value = metric switch
        {
            NumericMetric numeric => numeric.Value,
            BooleanMetric boolean => boolean.Value is { } b ? (b ? 1 : 0) : null,
            _ => null,
        },
        Failed = metric.Interpretation?.Failed,
        Rating = metric.Interpretation?.Rating.ToString(),
        Reason = metric.Reason ?? metric.Interpretation?.Reason,
        Diagnostics = [.. (metric.Diagnostics ?? []).Select(d => $"{d.Severity}: {d.Message}")],
    };

    /// <summary>A variant's aggregates over its cases.</summary>
    private static VariantReport Summarize(EvaluationVariant variant, CaseResult[] cases)
    {
        List<MetricSummary> metrics = [.. cases
            .SelectMany(c => c.Metrics)
            .GroupBy(m => m.Key, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                double[] values = [.. g.Select(m => m.Value.Value).Where(v => v is not null).Select(v => v!.Value)];
                return new MetricSummary
                {
                    Name = g.Key,
                    Mean = values.Length == 0 ? null : Math.Round(values.Average(), 4),
                    Count = values.Length,
                    FailedCount = g.Count(m => m.Value.Failed == true),
                };
            })];
        double[] speeds = [.. cases.Where(c => c.TokensPerSecond is not null).Select(c => c.TokensPerSecond!.Value)];
        return new VariantReport
        {
            Name = variant.Name,
            Preset = variant.PresetName,
            Metrics = metrics,
            TimeToFirstToken = LatencySummary.Of(cases.Where(c => c.TimeToFirstTokenMs is not null).Select(c => c.TimeToFirstTokenMs!.Value)),
            TokensPerSecond = speeds.Length == 0 ? null : Math.Round(speeds.Average(), 2),
            ErrorCount = cases.Count(c => c.Error is not null),
            Cases = cases,
        };
    }
}
