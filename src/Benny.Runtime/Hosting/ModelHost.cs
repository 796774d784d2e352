using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Benny.Runtime.Provisioning;
using Benny.Runtime.Registry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Benny.Runtime.Hosting;

/// <summary>
/// Owns loaded engine instances: maps model names to loaded models, loads each lazily and exactly once,
/// shares one instance between names with the same load identity (aliases, or entries with the same
/// artifact and load settings), unloads idle models after a keep-alive, and keeps at most
/// <see cref="ModelHostOptions.MaxLoadedModels"/> loaded by unloading the least recently used idle ones.
/// </summary>
/// <remarks>
/// <para>
/// Requests take a <see cref="ModelLease"/> from <see cref="AcquireAsync"/> and dispose it when done; a model
/// with a lease is never unloaded. When the last lease of a model is released, the model unloads after
/// <see cref="ModelHostOptions.KeepAlive"/> without use.
/// </para>
/// <para>
/// A name's load identity (its engine, full artifact path and load settings) is computed on its first request and kept:
/// a relative path is resolved against the current directory of that moment, and later changes to the registry's
/// <see cref="ModelDefinition"/> objects do not apply.
/// </para>
/// <para>
/// All members are safe to call from any thread. <see cref="LoadProgress"/> handlers run on whichever
/// thread the engine reports progress from. Disposing the host cancels loads in progress, waits for them,
/// and disposes every loaded model, including models that still have leases.
/// </para>
/// </remarks>
public sealed partial class ModelHost : IAsyncDisposable, IDisposable
{
    private const string ReasonIdle = "idle";
    private const string ReasonCapacity = "capacity";
    private const string ReasonShutdown = "shutdown";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Binding> _bindings = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, IEngineProvider> _providers;
    private readonly TimeSpan _keepAlive;
    private readonly int _maxLoadedModels;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly IModelProvisioner? _provisioner;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly CancellationToken _shutdownToken;
    private long _useSequence;
    private Task? _disposeTask;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="registry">The models that can be requested.</param>
    /// <param name="providers">The engine providers, one per engine name (case-insensitive).</param>
    /// <param name="options">Keep-alive and capacity settings; read once, here.</param>
    /// <param name="logger">Receives load, unload and capacity events; none when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock and timers for keep-alive; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="provisioner">
    /// Downloads a missing artifact that has a source before the engine loads it, when the model's <c>AutoDownload</c> is on
    /// (the download is the first half of <see cref="LoadProgress"/>); with it off, the load fails saying how to download.
    /// None when <see langword="null"/>: artifacts are loaded from their paths as they are.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="registry"/>, <paramref name="providers"/>, <paramref name="options"/> or a provider is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">
    /// Two providers have the same engine name, a provider has no engine name, or <paramref name="options"/> is invalid
    /// (a negative <see cref="ModelHostOptions.KeepAlive"/> other than <see cref="Timeout.InfiniteTimeSpan"/>, one longer than
    /// about 49 days, or a negative <see cref="ModelHostOptions.MaxLoadedModels"/>).
    /// </exception>
    public ModelHost(
        ModelRegistry registry,
        IEnumerable<IEngineProvider> providers,
        ModelHostOptions options,
        ILogger<ModelHost>? logger = null,
        TimeProvider? timeProvider = null,
        IModelProvisioner? provisioner = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(providers);
        ArgumentNullException.ThrowIfNull(options);

        _providers = new Dictionary<string, IEngineProvider>(StringComparer.OrdinalIgnoreCase);
        foreach (IEngineProvider provider in providers)
        {
            ArgumentNullException.ThrowIfNull(provider, nameof(providers));
            string engine = provider.EngineName;
            if (string.IsNullOrWhiteSpace(engine))
            {
                throw new ArgumentException($"The engine provider {provider.GetType().FullName} has no EngineName. Give every provider the engine name that registry entries use.", nameof(providers));
            }

            if (!_providers.TryAdd(engine, provider))
            {
                throw new ArgumentException(
                    $"Two engine providers are registered for engine '{engine}' ({_providers[engine].GetType().FullName} and {provider.GetType().FullName}). Register each engine once (engine names are case-insensitive).",
                    nameof(providers));
            }
        }

        var optionErrors = new List<string>();
        options.CollectErrors(optionErrors);
        if (optionErrors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", optionErrors), nameof(options));
        }

        Registry = registry;
        _keepAlive = options.KeepAlive;
        _maxLoadedModels = options.MaxLoadedModels;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _provisioner = provisioner;
        _shutdownToken = _shutdown.Token;
    }

    /// <summary>Raised while a model loads, with the fraction done in [0, 1]; a successful load always ends with 1.</summary>
    /// <remarks>Handlers run on the thread the engine reports from. An exception from a handler is logged and does not fail the load.</remarks>
    public event EventHandler<ModelLoadProgress>? LoadProgress;

    /// <summary>Gets the registry that model names are resolved in.</summary>
    public ModelRegistry Registry { get; }

    /// <summary>Gets the provider of an engine.</summary>
    /// <param name="engineName">The engine name (case-insensitive).</param>
    /// <returns>The provider.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="engineName"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">No provider is registered for <paramref name="engineName"/>; the message lists the registered engines.</exception>
    public IEngineProvider GetProvider(string engineName)
    {
        ArgumentNullException.ThrowIfNull(engineName);
        if (_providers.TryGetValue(engineName, out IEngineProvider? provider))
        {
            return provider;
        }

        string known = _providers.Count == 0
            ? "no engine is registered"
            : "registered engines: " + string.Join(", ", _providers.Keys.Order(StringComparer.OrdinalIgnoreCase));
        throw new InvalidOperationException(
            $"No engine provider is registered for engine '{engineName}' ({known}). Register the engine package (for example AddBenny(...).AddGgufEngine()) or fix the model's Engine.");
    }

    /// <summary>
    /// Gets a lease on the loaded model that serves <paramref name="modelName"/>, loading it first when no
    /// name with the same load identity has loaded it yet.
    /// </summary>
    /// <param name="modelName">A registered model name or alias (case-insensitive).</param>
    /// <param name="cancellationToken">Stops this caller's wait. It never cancels a load that other callers share; only disposing the host does.</param>
    /// <returns>The lease; dispose it when the request is done.</returns>
    /// <remarks>Concurrent first requests for one load identity share a single load; every one of them gets a lease on the same instance.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="modelName"/> is <see langword="null"/>.</exception>
    /// <exception cref="UnknownModelException">The registry has no such name.</exception>
    /// <exception cref="InvalidOperationException">No provider is registered for the model's engine.</exception>
    /// <exception cref="ModelLoadException">The engine failed to load the model; a later call tries again.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the model was ready.</exception>
    /// <exception cref="ObjectDisposedException">The host is disposed, or was disposed while the model loaded.</exception>
    public Task<ModelLease> AcquireAsync(string modelName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(modelName);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposeTask) is not null, this);
        return AcquireCoreAsync(Bind(modelName), cancellationToken);
    }

    /// <summary>Gets what serving <paramref name="modelName"/> needs, computed on its first use and then kept.</summary>
    /// <param name="modelName">A registered model name or alias (case-insensitive).</param>
    /// <returns>The binding of the name.</returns>
    /// <exception cref="UnknownModelException">The registry has no such name.</exception>
    /// <exception cref="InvalidOperationException">No provider is registered for the model's engine.</exception>
    internal Binding Bind(string modelName)
    {
        if (_bindings.TryGetValue(modelName, out Binding? binding))
        {
            return binding;
        }

        ResolvedModel resolved = Registry.Resolve(modelName);
        IEngineProvider provider = GetProvider(resolved.Target.Engine ?? "");
        return _bindings.GetOrAdd(modelName, new Binding(resolved, provider, ModelLoadKey.For(resolved.Target)));
    }

    /// <summary>
    /// Takes a lease on the instance that serves <paramref name="binding"/> when it is loaded, without waiting or allocating
    /// (the request path of <see cref="HostedChatClient"/>); release it with <see cref="Release"/>.
    /// </summary>
    /// <param name="binding">The name's binding.</param>
    /// <param name="entry">The leased instance's entry, when leased.</param>
    /// <returns><see langword="false"/> when the instance is not loaded (or the host is disposed): use <see cref="AcquireAsync"/>.</returns>
    internal bool TryLeaseLoaded(Binding binding, [NotNullWhen(true)] out Entry? entry)
    {
        lock (_lock)
        {
            entry = binding.Entry;
            if (entry is null || !entry.IsCurrent || entry.Instance is null || _disposeTask is not null)
            {
                entry = null;
                return false;
            }

            entry.Leases++;
            TouchLocked(entry);
            return true;
        }
    }

    /// <summary>Gets a snapshot of the model instances the host holds, most recently used first.</summary>
    /// <returns>One entry per instance, loaded or loading.</returns>
    public IReadOnlyList<LoadedModelInfo> GetLoadedModels()
    {
        lock (_lock)
        {
            return _entries.Values
                .OrderByDescending(e => e.LastUseSequence)
                .Select(e => new LoadedModelInfo(
                    e.Engine,
                    e.Path,
                    e.Names.Order(StringComparer.OrdinalIgnoreCase).ToArray(),
                    e.Leases + e.Waiters,
                    e.LastUsed,
                    e.Instance is not null))
                .ToArray();
        }
    }

    /// <summary>Cancels loads in progress, waits for them, and disposes every loaded model. Calling it again does nothing.</summary>
    /// <remarks>An exception from one model's <see cref="IDisposable.Dispose"/> is logged; the other models are still disposed.</remarks>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Cancels loads in progress, waits for them, and disposes every loaded model. Calling it again returns the first call's task.</summary>
    /// <returns>A task that completes when every model is disposed.</returns>
    /// <remarks>An exception from one model's <see cref="IDisposable.Dispose"/> is logged; the other models are still disposed.</remarks>
    public ValueTask DisposeAsync()
    {
        List<Entry> loaded = [];
        List<Task> loading = [];
        TaskCompletionSource disposed;
        lock (_lock)
        {
            if (_disposeTask is not null)
            {
                return new ValueTask(_disposeTask);
            }

            disposed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _disposeTask, disposed.Task);
            foreach (Entry entry in _entries.Values)
            {
                DisposeIdleTimerLocked(entry);
                entry.IsCurrent = false;
                if (entry.Instance is not null)
                {
                    loaded.Add(entry);
                }
                else
                {
                    loading.Add(entry.Completion.Task);
                }
            }

            _entries.Clear();
        }

        return new ValueTask(DisposeCoreAsync(loaded, loading, disposed));
    }

    /// <summary>Releases one lease on <paramref name="entry"/>; called by <see cref="ModelLease.Dispose"/>.</summary>
    internal void Release(Entry entry)
    {
        bool unloadNow;
        lock (_lock)
        {
            entry.Leases--;
            TouchLocked(entry);
            unloadNow = !entry.InUse && IsCurrentLocked(entry) && ScheduleIdleLocked(entry);
        }

        if (unloadNow)
        {
            Unload(entry, ReasonIdle);
        }
    }

    private async Task<ModelLease> AcquireCoreAsync(Binding binding, CancellationToken cancellationToken)
    {
        ResolvedModel resolved = binding.Resolved;
        IEngineProvider provider = binding.Provider;
        string key = binding.Key;
        string modelName = resolved.Requested.Name;
        Entry? entry;
        bool startLoad = false;
        List<Entry>? evicted = null;
        int overCapacity = 0;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposeTask is not null, this);
            if (!_entries.TryGetValue(key, out entry))
            {
                evicted = MakeRoomLocked(out overCapacity);
                entry = new Entry(key, modelName, resolved.Target, provider.EngineName, PathExpansion.GetFullPath(resolved.Target.Path ?? ""));
                _entries.Add(key, entry);
                entry.IsCurrent = true;
                startLoad = true;
            }

            // An armed keep-alive timer stays armed: when it fires, it finds the entry in use or idle for less than
            // the keep-alive, and does nothing or waits the rest (no timer work per request).
            entry.Names.Add(modelName);
            entry.Waiters++;
            TouchLocked(entry);
        }

        if (evicted is not null)
        {
            foreach (Entry old in evicted)
            {
                Unload(old, ReasonCapacity);
            }
        }

        if (overCapacity > 0)
        {
            LogCapacityExceeded(modelName, overCapacity, _maxLoadedModels);
        }

        if (startLoad)
        {
            Entry loadEntry = entry;
            _ = Task.Run(() => LoadAsync(loadEntry, provider), CancellationToken.None);
        }

        try
        {
            await entry.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            AbandonWait(entry);
            throw;
        }

        lock (_lock)
        {
            entry.Waiters--;
            bool disposed = _disposeTask is not null;
            if (!disposed && entry.Instance is { } instance && IsCurrentLocked(entry))
            {
                entry.Leases++;
                TouchLocked(entry);
                binding.Entry = entry;
                return new ModelLease(this, entry, modelName, resolved, instance);
            }

            if (!disposed && entry.LoadError is { } error)
            {
                throw new ModelLoadException(modelName, entry.Engine, entry.Path, error);
            }
        }

        throw new ObjectDisposedException(GetType().FullName, $"The model host was disposed while model '{modelName}' was loading.");
    }

    private async Task LoadAsync(Entry entry, IEngineProvider provider)
    {
        bool unloadNow = false;
        try
        {
            unloadNow = await LoadCoreAsync(entry, provider).ConfigureAwait(false);
        }
        finally
        {
            // Waiters look at the entry's Instance or LoadError once this completes.
            entry.Completion.TrySetResult();
        }

        if (unloadNow)
        {
            Unload(entry, ReasonIdle);
        }
    }

    /// <summary>Loads the entry's model and records the outcome.</summary>
    /// <returns><see langword="true"/> when nobody waits any more and the keep-alive is zero, so the model must unload now.</returns>
    private async Task<bool> LoadCoreAsync(Entry entry, IEngineProvider provider)
    {
        var progress = new LoadProgressReporter(this, entry.StartedBy, entry.Engine);
        LogLoadStarting(entry.StartedBy, entry.Engine, entry.Path);
        long started = _timeProvider.GetTimestamp();
        IEngineModel? model = null;
        Exception? error = null;
        try
        {
            _shutdownToken.ThrowIfCancellationRequested();
            IProgress<float> engineProgress = await ProvisionAsync(entry, progress).ConfigureAwait(false);
            model = await provider.LoadAsync(entry.Target, engineProgress, _shutdownToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The engine provider {provider.GetType().FullName} returned no model.");
        }
#pragma warning disable CA1031 // Any provider failure is handed to every waiter as a ModelLoadException.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            error = ex;
        }

        bool accepted = false;
        bool unloadNow = false;
        lock (_lock)
        {
            bool current = _disposeTask is null && IsCurrentLocked(entry);
            if (current && error is null)
            {
                entry.Instance = model;
                TouchLocked(entry);
                RecordLoadOutcomeLocked(entry, null);
                accepted = true;
                unloadNow = !entry.InUse && ScheduleIdleLocked(entry);
            }
            else if (current)
            {
                entry.LoadError = error;
                RemoveLocked(entry);
                RecordLoadOutcomeLocked(entry, error);
            }
        }

        if (accepted)
        {
            double elapsedMilliseconds = _timeProvider.GetElapsedTime(started).TotalMilliseconds;
            LogLoaded(entry.StartedBy, entry.Engine, elapsedMilliseconds);
            progress.Complete();
        }
        else if (error is not null && !_shutdownToken.IsCancellationRequested)
        {
            LogLoadFailed(error, entry.StartedBy, entry.Engine, entry.Path);
        }
        else if (model is not null)
        {
            // The host was disposed while the engine loaded; nobody else will dispose this model.
            DisposeInstance(model, entry.StartedBy, entry.Engine, ReasonShutdown);
        }

        return unloadNow;
    }

    /// <summary>
    /// Downloads the entry's missing artifact first when it has a source and auto-download is on; with auto-download off,
    /// fails saying how to download it.
    /// </summary>
    /// <returns>The progress the engine reports to: the whole range, or its second half after a download.</returns>
    private async Task<IProgress<float>> ProvisionAsync(Entry entry, LoadProgressReporter progress)
    {
        if (_provisioner?.FindArtifact(entry.Target) is not { } artifact || artifact.Exists())
        {
            return progress;
        }

        string name = entry.StartedBy;
        if (!artifact.AutoDownload)
        {
            throw new FileNotFoundException(
                $"The model artifact '{artifact.Path}' does not exist. Download it from {artifact.Source} with `benny pull {name}` "
                + $"(or IModelProvisioner.EnsureAsync([\"{name}\"])), or set Benny:Models:{artifact.Model}:AutoDownload (or Benny:Provisioning:AutoDownload) "
                + "to true to download it on first use.",
                artifact.Path);
        }

        LogAutoDownload(name, artifact.Source, artifact.Path);
        var downloadProgress = new ScaledProgress(progress, 0f, 0.5f);
        ProvisioningEntry result = await _provisioner.EnsureArtifactAsync(
            artifact,
            force: false,
            new DownloadProgress(downloadProgress),
            _shutdownToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new ModelDownloadException(
                $"Model '{name}' could not be downloaded from {artifact.Source}: {result.Error}",
                artifact.Source.Repository,
                artifact.Source.FilePath ?? "");
        }

        return new ScaledProgress(progress, 0.5f, 0.5f);
    }

    private void AbandonWait(Entry entry)
    {
        bool unloadNow;
        lock (_lock)
        {
            entry.Waiters--;
            unloadNow = !entry.InUse && entry.Instance is not null && IsCurrentLocked(entry) && _disposeTask is null && ScheduleIdleLocked(entry);
        }

        if (unloadNow)
        {
            Unload(entry, ReasonIdle);
        }
    }

    private async Task DisposeCoreAsync(List<Entry> loaded, List<Task> loading, TaskCompletionSource disposed)
    {
        try
        {
            _shutdown.Cancel();
        }
#pragma warning disable CA1031 // A failing cancellation callback of one engine must not stop the shutdown of the others.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogShutdownCancelFailed(ex);
        }

        // Load tasks never fault: their completion only signals that the load ended.
        await Task.WhenAll(loading).ConfigureAwait(false);
        foreach (Entry entry in loaded)
        {
            Unload(entry, ReasonShutdown);
        }

        _shutdown.Dispose();
        disposed.TrySetResult();
    }

    private void OnIdleTimer(object? state)
    {
        var entry = (Entry)state!;
        lock (_lock)
        {
            if (!entry.IsCurrent || _disposeTask is not null)
            {
                return;
            }

            if (entry.InUse || entry.Instance is null)
            {
                // The release that ends this use arms the timer again.
                entry.IdleTimerArmed = false;
                return;
            }

            TimeSpan idle = _timeProvider.GetElapsedTime(entry.IdleSince);
            if (idle < _keepAlive)
            {
                // Used again since the timer was armed: wait for the rest of the keep-alive.
                entry.IdleTimer!.Change(_keepAlive - idle, Timeout.InfiniteTimeSpan);
                return;
            }

            DisposeIdleTimerLocked(entry);
            RemoveLocked(entry);
        }

        Unload(entry, ReasonIdle);
    }

    /// <summary>Starts the keep-alive of an idle, loaded, current entry.</summary>
    /// <returns><see langword="true"/> when the entry was removed and must be unloaded now (keep-alive zero).</returns>
    private bool ScheduleIdleLocked(Entry entry)
    {
        if (_keepAlive == Timeout.InfiniteTimeSpan || entry.Instance is null)
        {
            return false;
        }

        if (_keepAlive == TimeSpan.Zero)
        {
            DisposeIdleTimerLocked(entry);
            RemoveLocked(entry);
            return true;
        }

        entry.IdleSince = _timeProvider.GetTimestamp();
        if (!entry.IdleTimerArmed)
        {
            // One timer per entry, created on its first idle period and re-armed after; a positive due time never fires
            // inside CreateTimer or Change, so the callback cannot re-enter this lock here.
            if (entry.IdleTimer is null)
            {
                entry.IdleTimer = _timeProvider.CreateTimer(OnIdleTimer, entry, _keepAlive, Timeout.InfiniteTimeSpan);
            }
            else
            {
                entry.IdleTimer.Change(_keepAlive, Timeout.InfiniteTimeSpan);
            }

            entry.IdleTimerArmed = true;
        }

        return false;
    }

    private static void DisposeIdleTimerLocked(Entry entry)
    {
        entry.IdleTimer?.Dispose();
        entry.IdleTimer = null;
        entry.IdleTimerArmed = false;
    }

    private void RemoveLocked(Entry entry)
    {
        _entries.Remove(entry.Key);
        entry.IsCurrent = false;
    }

    /// <summary>Removes least recently used idle entries until a new one fits.</summary>
    /// <param name="overCapacity">The number of instances held when nothing more could be unloaded and the limit is still reached; 0 when the new one fits.</param>
    private List<Entry>? MakeRoomLocked(out int overCapacity)
    {
        overCapacity = 0;
        if (_maxLoadedModels == 0 || _entries.Count < _maxLoadedModels)
        {
            return null;
        }

        List<Entry>? evicted = null;
        foreach (Entry idle in _entries.Values.Where(e => !e.InUse && e.Instance is not null).OrderBy(e => e.LastUseSequence).ToList())
        {
            if (_entries.Count < _maxLoadedModels)
            {
                break;
            }

            DisposeIdleTimerLocked(idle);
            RemoveLocked(idle);
            (evicted ??= []).Add(idle);
        }

        if (_entries.Count >= _maxLoadedModels)
        {
            overCapacity = _entries.Count;
        }

        return evicted;
    }

    /// <summary>Gets whether <paramref name="entry"/> is still the host's instance for its key (not unloaded, evicted or failed).</summary>
    private static bool IsCurrentLocked(Entry entry) => entry.IsCurrent;

    private void TouchLocked(Entry entry)
    {
        entry.LastUsed = _timeProvider.GetUtcNow();
        entry.LastUseSequence = ++_useSequence;
    }

    private void Unload(Entry entry, string reason)
    {
        if (entry.Instance is { } instance)
        {
            DisposeInstance(instance, entry.StartedBy, entry.Engine, reason);
        }
    }

    private void DisposeInstance(IEngineModel instance, string modelName, string engine, string reason)
    {
        LogUnloading(modelName, engine, reason);
        try
        {
            instance.Dispose();
        }
#pragma warning disable CA1031 // One model failing to dispose must not keep the others loaded.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogUnloadFailed(ex, modelName, engine);
        }
    }

    private void RaiseLoadProgress(ModelLoadProgress progress)
    {
        try
        {
            LoadProgress?.Invoke(this, progress);
        }
#pragma warning disable CA1031 // A failing progress handler must not fail a load that other requests share.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogProgressHandlerFailed(ex, progress.ModelName, progress.Engine);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Loading model {ModelName} with engine {Engine} from {Path}.")]
    private partial void LogLoadStarting(string modelName, string engine, string path);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Loaded model {ModelName} with engine {Engine} in {ElapsedMilliseconds:F0} ms.")]
    private partial void LogLoaded(string modelName, string engine, double elapsedMilliseconds);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Loading model {ModelName} with engine {Engine} from {Path} failed.")]
    private partial void LogLoadFailed(Exception exception, string modelName, string engine, string path);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Unloading model {ModelName} (engine {Engine}): {Reason}.")]
    private partial void LogUnloading(string modelName, string engine, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Disposing model {ModelName} (engine {Engine}) failed.")]
    private partial void LogUnloadFailed(Exception exception, string modelName, string engine);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Loading model {ModelName} exceeds Benny:Host:MaxLoadedModels ({MaxLoadedModels}): {LoadedCount} models are loaded or loading and all are in use, so none can be unloaded first.")]
    private partial void LogCapacityExceeded(string modelName, int loadedCount, int maxLoadedModels);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "A LoadProgress handler failed for model {ModelName} (engine {Engine}); the load goes on.")]
    private partial void LogProgressHandlerFailed(Exception exception, string modelName, string engine);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Cancelling model loads at shutdown raised an exception.")]
    private partial void LogShutdownCancelFailed(Exception exception);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "Model {ModelName} is not on disk; downloading it from {Source} to {Path} (AutoDownload).")]
    private partial void LogAutoDownload(string modelName, ModelSource source, string path);

    /// <summary>Maps [0, 1] onto [offset, offset + scale] of another progress, never going backwards.</summary>
    private sealed class ScaledProgress(IProgress<float> inner, float offset, float scale) : IProgress<float>
    {
        private readonly object _gate = new();
        private float _max = -1f;

        public void Report(float value)
        {
            if (float.IsNaN(value))
            {
                return;
            }

            float mapped = offset + (scale * Math.Clamp(value, 0f, 1f));
            lock (_gate)
            {
                if (mapped <= _max)
                {
                    return;
                }

                _max = mapped;
            }

            inner.Report(mapped);
        }
    }

    /// <summary>Turns download progress (bytes) into a fraction.</summary>
    private sealed class DownloadProgress(IProgress<float> inner) : IProgress<ProvisioningProgress>
    {
        public void Report(ProvisioningProgress value)
        {
            if (value.Fraction is { } fraction)
            {
                inner.Report((float)fraction);
            }
        }
    }

    /// <summary>One model instance, loaded or loading, keyed by its load identity. Mutable state is guarded by the host's lock.</summary>
    internal sealed class Entry(string key, string startedBy, ModelDefinition target, string engine, string path)
    {
        public string Key { get; } = key;

        public string StartedBy { get; } = startedBy;

        public ModelDefinition Target { get; } = target;

        public string Engine { get; } = engine;

        public string Path { get; } = path;

        /// <summary>Completes (never faults) when the load ended; then <see cref="Instance"/> or <see cref="LoadError"/> says how.</summary>
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public HashSet<string> Names { get; } = new(StringComparer.OrdinalIgnoreCase);

        public IEngineModel? Instance { get; set; }

        public Exception? LoadError { get; set; }

        public int Leases { get; set; }

        public int Waiters { get; set; }

        public bool InUse => Leases + Waiters > 0;

        public DateTimeOffset LastUsed { get; set; }

        public long LastUseSequence { get; set; }

        /// <summary>Gets or sets whether the entry is in the host's table (set when added, cleared when removed).</summary>
        public bool IsCurrent { get; set; }

        /// <summary>Gets or sets the keep-alive timer, created on the first idle period.</summary>
        public ITimer? IdleTimer { get; set; }

        /// <summary>Gets or sets whether <see cref="IdleTimer"/> is due to fire.</summary>
        public bool IdleTimerArmed { get; set; }

        /// <summary>Gets or sets the timestamp (<see cref="TimeProvider.GetTimestamp"/>) of the start of the current idle period.</summary>
        public long IdleSince { get; set; }
    }

    /// <summary>A model name's resolution, engine provider and load key, computed once per host; and the entry it last leased.</summary>
    internal sealed class Binding(ResolvedModel resolved, IEngineProvider provider, string key)
    {
        public ResolvedModel Resolved { get; } = resolved;

        public IEngineProvider Provider { get; } = provider;

        public string Key { get; } = key;

        /// <summary>Gets or sets the entry of the last lease taken through this binding; guarded by the host's lock.</summary>
        public Entry? Entry { get; set; }
    }

    /// <summary>Forwards an engine's progress reports to <see cref="LoadProgress"/> synchronously, clamped to [0, 1].</summary>
    private sealed class LoadProgressReporter(ModelHost host, string modelName, string engine) : IProgress<float>
    {
        private int _completed;
        private float _last = -1f;

        public void Report(float value)
        {
            if (float.IsNaN(value) || Volatile.Read(ref _completed) != 0)
            {
                return;
            }

            float fraction = Math.Clamp(value, 0f, 1f);
            Volatile.Write(ref _last, fraction);
            host.RaiseLoadProgress(new ModelLoadProgress(modelName, engine, fraction));
        }

        /// <summary>Raises the final 1 (unless the engine just reported it) and ignores later reports.</summary>
        public void Complete()
        {
            if (Interlocked.Exchange(ref _completed, 1) == 0 && Volatile.Read(ref _last) < 1f)
            {
                host.RaiseLoadProgress(new ModelLoadProgress(modelName, engine, 1f));
            }
        }
    }
}
