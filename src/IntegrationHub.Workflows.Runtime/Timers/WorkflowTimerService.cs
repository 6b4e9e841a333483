using Microsoft.Extensions.Options;

namespace IntegrationHub.Workflows.Runtime.Timers;

/// <summary>
/// Resumes due timer bookmarks (Delay, WaitForEvent timeouts): one query for what is due, then sleeps until the next
/// due time (TimeProvider), woken early when an earlier bookmark is written here. It wakes at least once per lease
/// duration to see bookmarks other nodes wrote. The store is the schedule, so a restart re-arms every timer.
/// </summary>
internal sealed partial class WorkflowTimerService(
    IWorkflowBookmarkStore bookmarks,
    IWorkflowResumer runner,
    WorkflowTimerSignal signal,
    IOptions<WorkflowEngineOptions> options,
    TimeProvider time,
    ILogger<WorkflowTimerService> logger) : BackgroundService
{
    private const int Batch = 100;
    private static readonly TimeSpan BusyBackoff = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wake = signal.Arm();
            try
            {
                var (resumedAll, full) = await ResumeDueAsync(stoppingToken).ConfigureAwait(false);
                if (full)
                {
                    continue; // more due than one batch
                }

                var now = time.GetUtcNow();
                var next = await bookmarks.NextDueAtAsync(stoppingToken).ConfigureAwait(false);
                var until = Min(next ?? DateTimeOffset.MaxValue, now + options.Value.LeaseDuration);
                if (!resumedAll)
                {
                    until = Max(until, now + BusyBackoff); // an instance busy elsewhere: do not spin on it
                }

                signal.SleepUntil(until);
                var delay = until - time.GetUtcNow();
                if (delay > TimeSpan.Zero)
                {
                    using var sleep = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    await Task.WhenAny(Task.Delay(delay, time, sleep.Token), wake).ConfigureAwait(false);
                    await sleep.CancelAsync().ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogFailed(logger, ex.Message);
                await Task.Delay(BusyBackoff, time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<(bool ResumedAll, bool Full)> ResumeDueAsync(CancellationToken stoppingToken)
    {
        var due = await bookmarks.ListDueAsync(time.GetUtcNow(), Batch, stoppingToken).ConfigureAwait(false);
        var resumedAll = true;
        foreach (var bookmark in due)
        {
            var outcome = await runner.ResumeAsync(bookmark, BookmarkStimulus.Timer, stoppingToken).ConfigureAwait(false);
            LogFired(logger, bookmark.InstanceId, bookmark.ActivityId, outcome.Status);
            resumedAll &= outcome.Status is ResumeStatus.Resumed or ResumeStatus.NotWaiting;
        }

        return (resumedAll, resumedAll && due.Count == Batch);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Timer of workflow instance {InstanceId} at {ActivityId} fired: {Status}")]
    private static partial void LogFired(ILogger logger, Guid instanceId, string activityId, ResumeStatus status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow timer pass failed ({Reason}); retrying in a second")]
    private static partial void LogFailed(ILogger logger, string reason);
}
