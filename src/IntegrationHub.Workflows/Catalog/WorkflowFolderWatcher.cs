using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Workflows.Catalog;

/// <summary>
/// Loads the workflow folder at start and reloads files as they change (debounced, since editors write in steps).
/// A deleted file keeps its loaded versions: running and queued instances still need them.
/// The watcher is armed before the first load, so a file written while the host starts is never missed; a lost
/// event (inotify queue overflow) or an unavailable watcher falls back to a full rescan.
/// </summary>
internal sealed partial class WorkflowFolderWatcher(
    WorkflowCatalog catalog,
    IOptions<WorkflowEngineOptions> options,
    TimeProvider time,
    ILogger<WorkflowFolderWatcher> logger) : BackgroundService
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Rescan = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);
    private const string Everything = "";

    private readonly ConcurrentDictionary<string, byte> _changed = new();
    private readonly SemaphoreSlim _signal = new(0);
    private FileSystemWatcher? _watcher;
    private TimeSpan _rescan = Rescan;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var folder = Path.GetFullPath(options.Value.Path);
        if (options.Value.Watch && Directory.Exists(folder))
        {
            Arm(folder);
        }

        // Load synchronously during start, so the API sees the workflows as soon as the host is up.
        catalog.LoadFolder(folder);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var folder = Path.GetFullPath(options.Value.Path);
        if (!options.Value.Watch || !Directory.Exists(folder))
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            if (!await _signal.WaitAsync(_rescan, time, stoppingToken).ConfigureAwait(false))
            {
                catalog.LoadFolder(folder);
                continue;
            }

            await Task.Delay(Debounce, time, stoppingToken).ConfigureAwait(false);
            foreach (var path in _changed.Keys)
            {
                _changed.TryRemove(path, out _);
                if (path == Everything)
                {
                    catalog.LoadFolder(folder);
                }
                else if (File.Exists(path))
                {
                    catalog.LoadFile(path);
                }
                else
                {
                    catalog.Forget(path);
                }
            }
        }
    }

    public override void Dispose()
    {
        _watcher?.Dispose();
        _signal.Dispose();
        base.Dispose();
    }

    private void Arm(string folder)
    {
        var watcher = new FileSystemWatcher(folder) { IncludeSubdirectories = true, NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size };
        watcher.Changed += (_, e) => OnChange(e.FullPath);
        watcher.Created += (_, e) => OnChange(e.FullPath);
        watcher.Deleted += (_, e) => OnChange(e.FullPath);
        watcher.Renamed += (_, e) =>
        {
            OnChange(e.OldFullPath);
            OnChange(e.FullPath);
        };
        watcher.Error += (_, e) =>
        {
            LogWatcherError(logger, folder, e.GetException().Message);
            Mark(Everything);
        };
        // inotify can be unavailable or exhausted (128 instances per user by default); then poll. Either way a full
        // rescan runs now and then, since file events can be missed. Unchanged files are skipped by content hash.
        try
        {
            watcher.EnableRaisingEvents = true;
            _watcher = watcher;
            LogWatching(logger, folder);
        }
        catch (Exception ex) when (ex is IOException or PlatformNotSupportedException)
        {
            watcher.Dispose();
            _rescan = Poll;
            LogPolling(logger, folder, Poll.TotalSeconds, ex.Message);
        }
    }

    private void OnChange(string path)
    {
        if (WorkflowCatalog.IsWorkflowFile(path))
        {
            Mark(path);
        }
    }

    private void Mark(string path)
    {
        _changed[path] = 0;
        _signal.Release();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot watch {Folder} for changes ({Reason}); polling it every {Seconds} s instead")]
    private static partial void LogPolling(ILogger logger, string folder, double seconds, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watching {Folder} lost events ({Reason}); rescanning the folder")]
    private static partial void LogWatcherError(ILogger logger, string folder, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watching {Folder} for workflow changes")]
    private static partial void LogWatching(ILogger logger, string folder);
}
