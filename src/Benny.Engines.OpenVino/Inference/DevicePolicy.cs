using System.Globalization;
using System.Text;
using Benny.Engines.OpenVino.Native;
using Microsoft.Extensions.Logging;

namespace Benny.Engines.OpenVino.Inference;

/// <summary>
/// Compiles a model folder, falling back as <see cref="OpenVinoEngineOptions"/> allows: for each device (the configured one,
/// then each of <see cref="OpenVinoEngineOptions.FallbackDevices"/>), the folder itself and then, when
/// <see cref="OpenVinoEngineOptions.FallbackToOtherWeightFormats"/> is on, its heavier weight-format siblings
/// (<c>wf-int4</c> → <c>wf-int8</c> → <c>wf-fp16</c>) that exist and are complete. Only <see cref="OpenVinoException"/>s
/// (the runtime refusing a folder/device pair) move on to the next try; anything else propagates.
/// </summary>
internal static partial class DevicePolicy
{
    /// <summary>The weight formats from lightest to heaviest, the order fallbacks go in.</summary>
    private static readonly string[] s_weightFormatOrder = ["int4", "int8", "fp16"];

    /// <summary>The outcome of a successful load.</summary>
    public sealed record Loaded(IGenAiPipeline Pipeline, OpenVinoModelFolder Folder, string Device, IReadOnlyList<OpenVinoLoadAttempt> FailedAttempts);

    /// <summary>Tries each folder/device pair in order until one compiles.</summary>
    /// <exception cref="OpenVinoException">Every try failed; the message lists each one.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled between tries.</exception>
    public static Loaded Load(IGenAiRuntime runtime, OpenVinoModelFolder folder, OpenVinoEngineOptions options, string cacheDirectory, ILogger logger, CancellationToken cancellationToken)
    {
        IReadOnlyList<OpenVinoModelFolder> folders = CandidateFolders(folder, options.FallbackToOtherWeightFormats, logger);
        var failed = new List<OpenVinoLoadAttempt>();
        var errors = new List<OpenVinoException>();
        foreach (string device in Devices(options))
        {
            IReadOnlyList<KeyValuePair<string, string>> properties = Properties(device, cacheDirectory, options);
            foreach (OpenVinoModelFolder candidate in folders)
            {
                cancellationToken.ThrowIfCancellationRequested();
                LogCompiling(logger, candidate.Path, device, cacheDirectory);
                try
                {
                    IGenAiPipeline pipeline = runtime.CreatePipeline(candidate.Path, device, properties);
                    return new Loaded(pipeline, candidate, device, failed);
                }
                catch (OpenVinoException e)
                {
                    LogAttemptFailed(logger, device, candidate.Path, e.Message, e);
                    failed.Add(new OpenVinoLoadAttempt(candidate.Path, device, e.Message));
                    errors.Add(e);
                }
            }
        }

        OpenVinoException last = errors[^1];
        throw new OpenVinoException(last.Call, last.Status, DescribeFailure(folder.Path, failed, options), new AggregateException(errors));
    }

    /// <summary>The devices to try, in order, without duplicates (case-insensitive).</summary>
    internal static IReadOnlyList<string> Devices(OpenVinoEngineOptions options)
        => new[] { options.Device }.Concat(options.FallbackDevices)
            .Select(d => d?.Trim())
            .Where(d => !string.IsNullOrEmpty(d))
            .Select(d => d!)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToArray();

    /// <summary>Whether <paramref name="device"/> is an NPU (<c>NPU</c>, <c>NPU.0</c>, ...).</summary>
    internal static bool IsNpu(string device) => device.StartsWith("NPU", StringComparison.OrdinalIgnoreCase);

    /// <summary>The properties passed to the runtime for <paramref name="device"/>: <c>CACHE_DIR</c>, and on an NPU <c>MAX_PROMPT_LEN</c>/<c>MIN_RESPONSE_LEN</c> when set.</summary>
    internal static IReadOnlyList<KeyValuePair<string, string>> Properties(string device, string cacheDirectory, OpenVinoEngineOptions options)
    {
        var properties = new List<KeyValuePair<string, string>> { new("CACHE_DIR", cacheDirectory) };
        if (IsNpu(device))
        {
            if (options.MaxPromptLength is { } maxPrompt)
            {
                properties.Add(new("MAX_PROMPT_LEN", maxPrompt.ToString(CultureInfo.InvariantCulture)));
            }

            if (options.MinResponseLength is { } minResponse)
            {
                properties.Add(new("MIN_RESPONSE_LEN", minResponse.ToString(CultureInfo.InvariantCulture)));
            }
        }

        return properties;
    }

    /// <summary>The folder, then (when enabled) its existing, complete, heavier weight-format siblings.</summary>
    internal static IReadOnlyList<OpenVinoModelFolder> CandidateFolders(OpenVinoModelFolder folder, bool includeOtherWeightFormats, ILogger logger)
    {
        var folders = new List<OpenVinoModelFolder> { folder };
        string? ownFormat = OpenVinoModelFolder.InferWeightFormat(Path.GetFileName(folder.Path));
        if (!includeOtherWeightFormats || ownFormat is null)
        {
            return folders;
        }

        int start = Array.FindIndex(s_weightFormatOrder, f => string.Equals(f, ownFormat, StringComparison.OrdinalIgnoreCase));
        foreach (string format in s_weightFormatOrder.Skip(start + 1))
        {
            if (OpenVinoModelFolder.WithWeightFormat(folder.Path, format) is not { } sibling || !Directory.Exists(sibling))
            {
                continue;
            }

            try
            {
                folders.Add(OpenVinoModelFolder.Validate(sibling));
            }
            catch (Exception e) when (e is IOException or InvalidDataException)
            {
                LogSiblingSkipped(logger, sibling, e.Message);
            }
        }

        return folders;
    }

    private static string DescribeFailure(string folder, List<OpenVinoLoadAttempt> failed, OpenVinoEngineOptions options)
    {
        var message = new StringBuilder();
        message.Append(CultureInfo.InvariantCulture, $"The OpenVINO model '{folder}' could not be compiled; {failed.Count} attempt(s) failed:");
        for (int i = 0; i < failed.Count; i++)
        {
            message.Append(CultureInfo.InvariantCulture, $"{Environment.NewLine}  {i + 1}. device {failed[i].Device}, folder '{failed[i].Folder}': {failed[i].Error}");
        }

        message.Append(Environment.NewLine).Append(options.FallbackDevices.Count == 0
            ? "Check the device and its driver, or set FallbackDevices (for example [\"CPU\"]) to fall back to another device."
            : "Check the devices and their drivers, and that the folder was converted with a matching OpenVINO version.");
        return message.ToString();
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Compiling OpenVINO model {Folder} for {Device} (cache {CacheDirectory}).")]
    private static partial void LogCompiling(ILogger logger, string folder, string device, string cacheDirectory);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "OpenVINO could not compile {Folder} for device {Device}: {Error} Trying the next fallback, if any.")]
    private static partial void LogAttemptFailed(ILogger logger, string device, string folder, string error, Exception exception);

    [LoggerMessage(EventId = 22, Level = LogLevel.Debug, Message = "Skipping the weight-format fallback folder {Folder}: {Reason}")]
    private static partial void LogSiblingSkipped(ILogger logger, string folder, string reason);
}
