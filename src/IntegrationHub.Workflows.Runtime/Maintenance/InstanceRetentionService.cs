using Microsoft.Extensions.Options;

namespace IntegrationHub.Workflows.Runtime.Maintenance;

/// <summary>
/// Deletes finished workflow instances older than <see cref="WorkflowEngineOptions.Retention"/> and queued events past
/// <see cref="WorkflowEngineOptions.EventRetention"/>, at start and then hourly (an expired event is never delivered,
/// whether or not it was deleted yet).
/// </summary>
internal sealed partial class InstanceRetentionService(
    IWorkflowInstanceStore instances,
    IWorkflowEventQueue pendingEvents,
    IOptions<WorkflowEngineOptions> options,
    TimeProvider time,
    ILogger<InstanceRetentionService> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await PurgeOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    internal async Task<int> PurgeOnceAsync(CancellationToken cancellationToken)
    {
        var deleted = await instances.DeleteFinishedBeforeAsync(time.GetUtcNow() - options.Value.Retention, cancellationToken).ConfigureAwait(false);
        if (deleted > 0)
        {
            LogPurged(logger, deleted, options.Value.Retention);
        }

        var expired = await pendingEvents.PurgeExpiredAsync(time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (expired > 0)
        {
            LogEventsExpired(logger, expired);
        }

        return deleted;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} finished workflow instances older than {Retention}")]
    private static partial void LogPurged(ILogger logger, int count, TimeSpan retention);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} queued workflow events nobody waited for before they expired")]
    private static partial void LogEventsExpired(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow instance retention pass failed ({Reason}); retrying in an hour")]
    private static partial void LogFailed(ILogger logger, string reason);
}
