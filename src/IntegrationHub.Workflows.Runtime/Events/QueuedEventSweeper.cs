using Microsoft.Extensions.Options;

namespace IntegrationHub.Workflows.Runtime.Events;

/// <summary>
/// Every 30 seconds, hands queued events to instances that wait for them but did not get them when they suspended
/// (the hub stopped in between, or another node queued the event just then). Each event goes to one instance, taken
/// in the resume's transaction like any queued event.
/// </summary>
internal sealed partial class QueuedEventSweeper(
    IWorkflowEventQueue queue,
    IWorkflowResumer runner,
    IOptions<WorkflowEngineOptions> options,
    TimeProvider time,
    ILogger<QueuedEventSweeper> logger) : BackgroundService
{
    private const int Batch = 100;
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.EventRetention <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await SweepOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex.Message);
            }
        }
    }

    /// <returns>How many queued events were delivered.</returns>
    internal async Task<int> SweepOnceAsync(CancellationToken stoppingToken)
    {
        var delivered = 0;
        foreach (var pending in await queue.ListAsync(time.GetUtcNow(), Batch, stoppingToken).ConfigureAwait(false))
        {
            if (await runner.DeliverQueuedEventAsync(pending, Batch, stoppingToken).ConfigureAwait(false) is not null)
            {
                delivered++;
            }
        }

        return delivered;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queued event sweep failed ({Reason}); retrying in 30 seconds")]
    private static partial void LogFailed(ILogger logger, string reason);
}
