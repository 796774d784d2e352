using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Benny.Runtime.Registry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Benny.Runtime.Provisioning;

/// <summary>
/// Downloads model artifacts from Hugging Face (or a mirror, <c>HF_ENDPOINT</c>) into place: resumable (HTTP Range),
/// verified (SHA-256 from the catalog, the entry or the server's <c>X-Linked-Etag</c>), written to <c>&lt;file&gt;.part</c>
/// and renamed atomically, one download per file across threads and processes (a <c>&lt;artifact&gt;.lock</c> file).
/// </summary>
/// <remarks>
/// Safe to use from any thread. Concurrent calls for one artifact on one instance share a single run (and its
/// progress); other instances and processes wait on the lock file and then find the file present.
/// </remarks>
public sealed partial class ModelProvisioner : IModelProvisioner, IDisposable
{
    private const int ProgressStep = 1 << 20;

    private readonly ModelRegistry _registry;
    private readonly ModelCatalog _catalog;
    private readonly ProvisioningOptions _options;
    private readonly string _cacheDirectory;
    private readonly HuggingFaceClient _client;
    private readonly HttpClient? _ownedHttpClient;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly object _lock = new();
    private readonly Dictionary<string, Run> _runs = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance.</summary>
    /// <param name="registry">Resolves model names, aliases and roles.</param>
    /// <param name="options">Cache folder, endpoint, token and retry settings; read once, here.</param>
    /// <param name="httpClient">
    /// The client to download with. It should not follow redirects itself (then the token stays on the endpoint's host and
    /// the linked hash of Hugging Face's first answer is read). When <see langword="null"/>, the provisioner creates and owns one.
    /// </param>
    /// <param name="catalog">The catalog of default sources; <see cref="ModelCatalog.BuiltIn"/> when <see langword="null"/>.</param>
    /// <param name="logger">Receives download events; none when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock for durations and retry delays; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="registry"/> or <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid (negative retries or delay, a malformed endpoint).</exception>
    public ModelProvisioner(
        ModelRegistry registry,
        ProvisioningOptions options,
        HttpClient? httpClient = null,
        ModelCatalog? catalog = null,
        ILogger<ModelProvisioner>? logger = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        options.CollectErrors(errors);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        _registry = registry;
        _catalog = catalog ?? ModelCatalog.BuiltIn;
        _options = new ProvisioningOptions
        {
            CacheDirectory = options.CacheDirectory,
            Endpoint = options.Endpoint,
            Token = options.Token,
            AutoDownload = options.AutoDownload,
            MaxRetries = options.MaxRetries,
            RetryDelay = options.RetryDelay,
        };
        _cacheDirectory = _options.GetCacheDirectory();
        if (httpClient is null)
        {
#pragma warning disable CA2000 // The handler is owned by the client, which this instance owns and disposes.
            _ownedHttpClient = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = TimeSpan.FromSeconds(30) }, disposeHandler: true)
            {
                Timeout = TimeSpan.FromMinutes(2),
            };
#pragma warning restore CA2000
            httpClient = _ownedHttpClient;
        }

        _client = new HuggingFaceClient(httpClient, _options.GetEndpoint(), _options.GetToken());
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Gets the cache folder artifacts without a path are stored in (full path).</summary>
    public string CacheDirectory => _cacheDirectory;

    /// <inheritdoc />
    public ModelArtifact? FindArtifact(ModelDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.AliasOf is not null)
        {
            return null;
        }

        string? sourceText = definition.Source;
        string? sha = definition.Sha256;
        bool hasPath = !string.IsNullOrWhiteSpace(definition.Path) && !IsImporterPlaceholder(definition);
        if (sourceText is null && !hasPath && _catalog.TryGet(definition.Name, definition.Engine, out ModelCatalogEntry? entry))
        {
            sourceText = entry.Source.ToString();
            sha ??= entry.Sha256;
        }

        if (sourceText is null)
        {
            return null;
        }

        ModelSource source = ModelSource.Parse(sourceText);
        string path = hasPath ? PathExpansion.GetFullPath(definition.Path!) : ModelCatalog.GetCachePath(_cacheDirectory, source);
        IReadOnlyList<string> files = source.FilePath is { } file ? [file] : ModelCatalog.OpenVinoFolderFiles;
        bool autoDownload = definition.AutoDownload
            ?? (definition.Metadata.TryGetValue("auto_download", out string? flag) && bool.TryParse(flag, out bool parsed) ? parsed : _options.AutoDownload);
        return new ModelArtifact(definition.Name, source, path, files, sha?.Trim().ToLowerInvariant(), autoDownload);
    }

    /// <inheritdoc />
    public async Task<ProvisioningReport> EnsureAsync(
        IEnumerable<string> names,
        bool force = false,
        IProgress<ProvisioningProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(names);
        List<string> list = [.. names];
        foreach (string name in list)
        {
            ArgumentNullException.ThrowIfNull(name, nameof(names));
        }

        var entries = new List<ProvisioningEntry>(list.Count);
        foreach (string name in list)
        {
            entries.Add(await EnsureNameAsync(name.Trim(), force, progress, cancellationToken).ConfigureAwait(false));
        }

        return new ProvisioningReport(entries);
    }

    /// <inheritdoc />
    public async Task<ProvisioningEntry> EnsureArtifactAsync(
        ModelArtifact artifact,
        bool force = false,
        IProgress<ProvisioningProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        Run run = StartOrJoin(artifact, force, progress);
        try
        {
            return await run.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            run.Leave(progress);
        }
    }

    /// <summary>Disposes the HTTP client the provisioner created (not one passed in).</summary>
    public void Dispose() => _ownedHttpClient?.Dispose();

    private async Task<ProvisioningEntry> EnsureNameAsync(string name, bool force, IProgress<ProvisioningProgress>? progress, CancellationToken cancellationToken)
    {
        ModelDefinition target;
        string? role = null;
        if (_registry.Contains(name))
        {
            ResolvedModel resolved = _registry.Resolve(name);
            target = resolved.Target;
            role = resolved.IsAlias ? resolved.Requested.Name : null;
        }
        else if (_catalog.TryGet(name, "gguf", out _))
        {
            target = new ModelDefinition { Name = name, Engine = "gguf" };
        }
        else
        {
            string known = _registry.Names.Count == 0 ? "none is registered" : "registered: " + string.Join(", ", _registry.Names.Order(StringComparer.OrdinalIgnoreCase));
            return new ProvisioningEntry
            {
                Model = name,
                Action = ProvisioningAction.Failed,
                Error = $"'{name}' is neither a registered model, alias or role ({known}) nor a catalog name. Check the name, or define it under Benny:Models (with a Source) or in the profile.",
            };
        }

        ModelArtifact? artifact;
        try
        {
            artifact = FindArtifact(target);
        }
        catch (FormatException e)
        {
            return new ProvisioningEntry { Model = target.Name, Role = role, Action = ProvisioningAction.Failed, Error = $"Benny:Models:{target.Name}:Source: {e.Message}" };
        }

        if (artifact is null)
        {
            return LocalEntry(target, role);
        }

        ProvisioningEntry entry = await EnsureArtifactAsync(artifact, force, progress, cancellationToken).ConfigureAwait(false);
        return entry with { Model = target.Name, Role = role };
    }

    /// <summary>An entry without a source: present when its path exists, else failed with what to do.</summary>
    private static ProvisioningEntry LocalEntry(ModelDefinition target, string? role)
    {
        string? path = string.IsNullOrWhiteSpace(target.Path) ? null : PathExpansion.GetFullPath(target.Path);
        if (path is not null && File.Exists(path))
        {
            return new ProvisioningEntry { Model = target.Name, Role = role, Action = ProvisioningAction.Present, Path = path, Bytes = new FileInfo(path).Length };
        }

        if (path is not null && Directory.Exists(path))
        {
            return new ProvisioningEntry { Model = target.Name, Role = role, Action = ProvisioningAction.Present, Path = path, Bytes = FolderSize(path) };
        }

        return new ProvisioningEntry
        {
            Model = target.Name,
            Role = role,
            Action = ProvisioningAction.Failed,
            Path = path,
            Error = $"Model '{target.Name}' (engine '{target.Engine}') has no source to download from, and its Path '{path}' does not exist. "
                + "Set Benny:Models:" + target.Name + ":Source (hf://<owner>/<repo>/<file>), or put the model at its Path.",
        };
    }

    private Run StartOrJoin(ModelArtifact artifact, bool force, IProgress<ProvisioningProgress>? progress)
    {
        lock (_lock)
        {
            // A run every caller has left is being cancelled: start a new one rather than join it.
            if (_runs.TryGetValue(artifact.Path, out Run? existing)
                && ((!existing.Task.IsCompleted && !existing.Stop.IsCancellationRequested) || (!force && existing.Task.IsCompletedSuccessfully && existing.Task.Result.Succeeded)))
            {
                // A running download is joined even with force: it is as fresh as a forced one.
                existing.Join(progress);
                return existing;
            }

            var run = new Run(progress);
            _runs[artifact.Path] = run;
            run.Task = RunAsync(artifact, force, run, run.Stop.Token);
            return run;
        }
    }

    private async Task<ProvisioningEntry> RunAsync(ModelArtifact artifact, bool force, Run run, CancellationToken cancellationToken)
    {
        await Task.Yield();
        long started = _timeProvider.GetTimestamp();
        var totals = new Totals();
        ProvisioningEntry entry;
        try
        {
            string? folder = Path.GetDirectoryName(artifact.Path);
            Directory.CreateDirectory(artifact.Source.IsFolder ? artifact.Path : folder!);
            using FileLock held = await FileLock.AcquireAsync(
                artifact.Path + ".lock",
                () => LogWaitingForLock(artifact.Model, artifact.Path),
                cancellationToken).ConfigureAwait(false);

            var actions = new List<ProvisioningAction>();
            string? sha = null;
            foreach (string file in artifact.Files)
            {
                string target = artifact.Source.IsFolder ? Path.Combine(artifact.Path, file.Replace('/', Path.DirectorySeparatorChar)) : artifact.Path;
                string? expected = artifact.Source.IsFolder ? null : artifact.Sha256;
                (ProvisioningAction action, string? checkedSha) = await EnsureFileAsync(artifact, file, target, expected, force, run, totals, cancellationToken).ConfigureAwait(false);
                actions.Add(action);
                sha = checkedSha;
            }

            entry = new ProvisioningEntry
            {
                Model = artifact.Model,
                Action = Combine(actions),
                Source = artifact.Source.ToString(),
                Path = artifact.Path,
                Bytes = artifact.Source.IsFolder ? FolderSize(artifact.Path) : new FileInfo(artifact.Path).Length,
                DownloadedBytes = totals.Received,
                Sha256 = artifact.Source.IsFolder ? null : sha,
                DurationMs = (long)_timeProvider.GetElapsedTime(started).TotalMilliseconds,
            };
        }
        catch (Exception e) when (e is ModelDownloadException or TransientDownloadException or IOException or UnauthorizedAccessException or HttpRequestException or InvalidOperationException)
        {
            LogFailed(e, artifact.Model, artifact.Source.ToString());
            entry = new ProvisioningEntry
            {
                Model = artifact.Model,
                Action = ProvisioningAction.Failed,
                Source = artifact.Source.ToString(),
                Path = artifact.Path,
                DownloadedBytes = totals.Received,
                DurationMs = (long)_timeProvider.GetElapsedTime(started).TotalMilliseconds,
                Error = e.Message,
            };
        }

        return entry;
    }

    private static ProvisioningAction Combine(List<ProvisioningAction> actions)
        => actions.Contains(ProvisioningAction.Resumed) ? ProvisioningAction.Resumed
            : actions.Contains(ProvisioningAction.Downloaded) ? ProvisioningAction.Downloaded
            : actions.Count > 0 && actions.All(a => a == ProvisioningAction.Verified) ? ProvisioningAction.Verified
            : actions.Contains(ProvisioningAction.Verified) ? ProvisioningAction.Verified
            : ProvisioningAction.Present;

    private async Task<(ProvisioningAction Action, string? Sha256)> EnsureFileAsync(
        ModelArtifact artifact, string file, string target, string? expectedSha, bool force, Run run, Totals totals, CancellationToken cancellationToken)
    {
        RemoteFile? metadata = null;
        if (File.Exists(target))
        {
            if (!force)
            {
                return (ProvisioningAction.Present, expectedSha);
            }

            metadata = await WithRetriesAsync(artifact, file, () => _client.GetMetadataAsync(artifact.Source, file, cancellationToken), cancellationToken).ConfigureAwait(false);
            if ((expectedSha ?? metadata.Sha256) is { } known)
            {
                string actual = await HashFileAsync(target, cancellationToken).ConfigureAwait(false);
                if (string.Equals(actual, known, StringComparison.OrdinalIgnoreCase))
                {
                    return (ProvisioningAction.Verified, known);
                }

                LogVerifyMismatch(artifact.Model, target, known, actual);
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        metadata ??= await WithRetriesAsync(artifact, file, () => _client.GetMetadataAsync(artifact.Source, file, cancellationToken), cancellationToken).ConfigureAwait(false);
        string? sha = expectedSha ?? metadata.Sha256;
        long? size = metadata.Size;
        string part = target + ".part";
        bool resumed = false;
        TimeSpan delay = _options.RetryDelay;
        for (int attempt = 0; ; attempt++)
        {
            long have = File.Exists(part) ? new FileInfo(part).Length : 0;
            if (size is { } total && have > total)
            {
                File.Delete(part);
                have = 0;
            }

            if (size is { } complete && have == complete && have > 0)
            {
                break;
            }

            try
            {
                if (have > 0)
                {
                    resumed = true;
                    LogResuming(artifact.Model, file, artifact.Source.Repository, have);
                }
                else
                {
                    LogDownloading(artifact.Model, file, artifact.Source.Repository, size);
                }

                bool finished = await TransferAsync(artifact, file, part, have, size, run, totals, cancellationToken).ConfigureAwait(false);
                if (finished)
                {
                    break;
                }

                throw new TransientDownloadException($"The connection closed before the end of {file} in {artifact.Source.Repository}.", null);
            }
            catch (RangeNotSatisfiableException)
            {
                File.Delete(part);
                resumed = false;
                if (attempt >= _options.MaxRetries)
                {
                    throw new ModelDownloadException($"The server refused to continue the partial download of {file} in {artifact.Source.Repository} (416). The partial file was deleted; run the download again.", artifact.Source.Repository, file, HttpStatusCode.RequestedRangeNotSatisfiable);
                }
            }
            catch (TransientDownloadException e) when (attempt < _options.MaxRetries)
            {
                LogRetrying(e, artifact.Model, file, attempt + 1, _options.MaxRetries);
                await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 30_000));
            }
            catch (TransientDownloadException e)
            {
                throw new ModelDownloadException(
                    $"Downloading {file} from {artifact.Source.Repository} failed after {attempt + 1} attempts: {e.Message} The partial file {part} is kept; the next run resumes it.",
                    artifact.Source.Repository, file, null, e);
            }
        }

        long length = new FileInfo(part).Length;
        if (size is { } expectedSize && length != expectedSize)
        {
            File.Delete(part);
            throw new ModelDownloadException(
                $"The download of {file} from {artifact.Source.Repository} has {length} bytes, but the server announced {expectedSize}. The file was deleted; run the download again.",
                artifact.Source.Repository, file);
        }

        if (sha is not null)
        {
            string actual = await HashFileAsync(part, cancellationToken).ConfigureAwait(false);
            if (!string.Equals(actual, sha, StringComparison.OrdinalIgnoreCase))
            {
                File.Delete(part);
                string from = expectedSha is not null ? "the catalog or Benny:Models:" + artifact.Model + ":Sha256" : "the server (X-Linked-Etag)";
                throw new ModelDownloadException(
                    $"The SHA-256 of {file} from {artifact.Source.Repository} does not match: expected {sha} (from {from}), got {actual}. "
                    + "The download was deleted and nothing was installed. Run it again; if it keeps failing, check the expected hash and that Benny:Provisioning:Endpoint / HF_ENDPOINT serves the right repository.",
                    artifact.Source.Repository, file);
            }
        }

        File.Move(part, target, overwrite: true);
        LogDownloaded(artifact.Model, file, target, length);
        return (resumed ? ProvisioningAction.Resumed : ProvisioningAction.Downloaded, sha);
    }

    /// <summary>Appends the file from <paramref name="offset"/> to <paramref name="part"/>.</summary>
    /// <returns><see langword="true"/> when the whole file is on disk; <see langword="false"/> when the answer ended early.</returns>
    private async Task<bool> TransferAsync(
        ModelArtifact artifact, string file, string part, long offset, long? size, Run run, Totals totals, CancellationToken cancellationToken)
    {
        using RemoteResponse response = await _client.GetAsync(artifact.Source, file, offset, cancellationToken).ConfigureAwait(false);
        bool append = offset > 0 && response.Response.StatusCode == HttpStatusCode.PartialContent;
        long done = append ? offset : 0;
        size ??= response.Metadata.Size;
        await using var output = new FileStream(part, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        Stream input;
        try
        {
            input = await response.Response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            throw new TransientDownloadException($"Reading {file} from {artifact.Source.Repository} failed: {e.Message}", e);
        }

        await using (input.ConfigureAwait(false))
        {
            byte[] buffer = new byte[1 << 16];
            long reported = done;
            run.Report(new ProvisioningProgress(artifact.Model, file, done, size));
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            while (true)
            {
                idle.CancelAfter(TimeSpan.FromSeconds(60));
                int read;
                try
                {
                    read = await input.ReadAsync(buffer, idle.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                    throw new TransientDownloadException($"The connection dropped after {done} bytes of {file} from {artifact.Source.Repository}: {e.Message}", e);
                }

                if (read == 0)
                {
                    break;
                }

                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                done += read;
                Interlocked.Add(ref totals.Received, read);
                if (done - reported >= ProgressStep)
                {
                    reported = done;
                    run.Report(new ProvisioningProgress(artifact.Model, file, done, size));
                }
            }

            if (reported != done)
            {
                run.Report(new ProvisioningProgress(artifact.Model, file, done, size));
            }
        }

        return size is not { } total || done >= total;
    }

    private async Task<T> WithRetriesAsync<T>(ModelArtifact artifact, string file, Func<Task<T>> action, CancellationToken cancellationToken)
    {
        TimeSpan delay = _options.RetryDelay;
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                return await action().ConfigureAwait(false);
            }
            catch (TransientDownloadException e) when (attempt < _options.MaxRetries)
            {
                LogRetrying(e, artifact.Model, file, attempt + 1, _options.MaxRetries);
                await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 30_000));
            }
        }
    }

    private static async Task<string> HashFileAsync(string path, CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            byte[] hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
            return Convert.ToHexStringLower(hash);
        }
    }

    private static long FolderSize(string path)
        => Directory.Exists(path) ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".part", StringComparison.Ordinal)).Sum(f => new FileInfo(f).Length) : 0;

    /// <summary>The profiles-manifest importer gives a target with a provider its model name as path: not a real path.</summary>
    internal static bool IsImporterPlaceholder(ModelDefinition definition)
        => definition.Metadata.TryGetValue("importer", out string? importer)
            && importer == ProfilesManifestImporter.ImporterName
            && string.Equals(definition.Path, definition.Name, StringComparison.Ordinal);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Downloading {File} from {Repository} for model {ModelName} ({Size} bytes).")]
    private partial void LogDownloading(string modelName, string file, string repository, long? size);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Resuming {File} from {Repository} for model {ModelName} at byte {Offset}.")]
    private partial void LogResuming(string modelName, string file, string repository, long offset);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Downloaded {File} for model {ModelName} to {Path} ({Bytes} bytes).")]
    private partial void LogDownloaded(string modelName, string file, string path, long bytes);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "Downloading {File} for model {ModelName} failed; retry {Attempt} of {MaxRetries}.")]
    private partial void LogRetrying(Exception exception, string modelName, string file, int attempt, int maxRetries);

    [LoggerMessage(EventId = 105, Level = LogLevel.Information, Message = "Waiting for another download of model {ModelName} ({Path}) to finish.")]
    private partial void LogWaitingForLock(string modelName, string path);

    [LoggerMessage(EventId = 106, Level = LogLevel.Warning, Message = "The SHA-256 of {Path} (model {ModelName}) is {Actual}, expected {Expected}; downloading it again.")]
    private partial void LogVerifyMismatch(string modelName, string path, string expected, string actual);

    [LoggerMessage(EventId = 107, Level = LogLevel.Error, Message = "Provisioning model {ModelName} from {Source} failed.")]
    private partial void LogFailed(Exception exception, string modelName, string source);

    private sealed class Totals
    {
        public long Received;
    }

    /// <summary>One provisioning run of an artifact, shared by the callers that join it; fans progress out to all of them.</summary>
    /// <remarks>
    /// The run has its own cancellation: a caller that cancels stops waiting, and the download stops only when every
    /// caller waiting for it has cancelled (the partial file stays for a resume).
    /// </remarks>
    private sealed class Run
    {
        private readonly object _gate = new();
        private readonly List<IProgress<ProvisioningProgress>> _listeners = [];
        private int _waiters;

        public Run(IProgress<ProvisioningProgress>? progress) => Join(progress);

        public Task<ProvisioningEntry> Task { get; set; } = null!;

        /// <summary>Gets the run's cancellation, requested when the last waiting caller leaves before it ends.</summary>
        public CancellationTokenSource Stop { get; } = new();

        public void Join(IProgress<ProvisioningProgress>? progress)
        {
            lock (_gate)
            {
                _waiters++;
                if (progress is not null)
                {
                    _listeners.Add(progress);
                }
            }
        }

        public void Leave(IProgress<ProvisioningProgress>? progress)
        {
            bool last;
            lock (_gate)
            {
                last = --_waiters == 0;
                if (progress is not null)
                {
                    _listeners.Remove(progress);
                }
            }

            if (last && !Task.IsCompleted)
            {
                Stop.Cancel();
            }
        }

        public void Report(ProvisioningProgress value)
        {
            IProgress<ProvisioningProgress>[] listeners;
            lock (_gate)
            {
                listeners = [.. _listeners];
            }

            foreach (IProgress<ProvisioningProgress> listener in listeners)
            {
                listener.Report(value);
            }
        }
    }
}
