using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Workflows.Catalog;

/// <summary>
/// Loads the workflow folder at start and reloads files as they change (debounced, since editors write in steps).
/// A deleted file keeps its loaded versions: running and queued instances still need them.
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

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Load synchronously during start, so the API sees the workflows as soon as the host is up.
        catalog.LoadFolder(Path.GetFullPath(options.Value.Path));
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var folder = Path.GetFullPath(options.Value.Path);
        if (!options.Value.Watch || !Directory.Exists(folder))
        {
            return;
        }

        var changed = new System.Collections.Concurrent.ConcurrentDictionary<string, byte>();
        using var signal = new SemaphoreSlim(0);
        using var watcher = new FileSystemWatcher(folder) { IncludeSubdirectories = true, NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size };
        FileSystemEventHandler onChange = (_, e) =>
        {
            if (WorkflowCatalog.IsWorkflowFile(e.FullPath))
            {
                changed[e.FullPath] = 0;
                signal.Release();
            }
        };
        watcher.Changed += onChange;
        watcher.Created += onChange;
        watcher.Renamed += (_, e) => onChange(watcher, new FileSystemEventArgs(WatcherChangeTypes.Created, Path.GetDirectoryName(e.FullPath)!, e.Name));
        // inotify can be unavailable or exhausted (128 instances per user by default); then poll. Either way a full
        // rescan runs now and then, since file events can be missed. Unchanged files are skipped by content hash.
        var rescan = Rescan;
        try
        {
            watcher.EnableRaisingEvents = true;
            LogWatching(logger, folder);
        }
        catch (Exception ex) when (ex is IOException or PlatformNotSupportedException)
        {
            rescan = Poll;
            LogPolling(logger, folder, Poll.TotalSeconds, ex.Message);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            if (!await signal.WaitAsync(rescan, time, stoppingToken).ConfigureAwait(false))
            {
                catalog.LoadFolder(folder);
                continue;
            }

            await Task.Delay(Debounce, time, stoppingToken).ConfigureAwait(false);
            foreach (var path in changed.Keys)
            {
                changed.TryRemove(path, out _);
                if (File.Exists(path))
                {
                    catalog.LoadFile(path);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot watch {Folder} for changes ({Reason}); polling it every {Seconds} s instead")]
    private static partial void LogPolling(ILogger logger, string folder, double seconds, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watching {Folder} for workflow changes")]
    private static partial void LogWatching(ILogger logger, string folder);
}
