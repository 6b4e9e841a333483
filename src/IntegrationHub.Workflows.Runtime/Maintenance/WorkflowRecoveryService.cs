using Microsoft.Extensions.Options;

namespace IntegrationHub.Workflows.Runtime.Maintenance;

/// <summary>
/// Once per lease duration (and at start) takes over instances left Running by an owner whose lease expired (a
/// crashed node) and runs them again from their last persisted state: at-least-once, never concurrently.
/// </summary>
internal sealed partial class WorkflowRecoveryService(
    IWorkflowInstanceStore instances,
    WorkflowRecoverer runner,
    IOptions<WorkflowEngineOptions> options,
    TimeProvider time,
    ILogger<WorkflowRecoveryService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.LeaseDuration, time);
        try
        {
            do
            {
                try
                {
                    foreach (var id in await instances.ListOrphanedAsync(time.GetUtcNow(), 100, stoppingToken).ConfigureAwait(false))
                    {
                        await runner.RecoverAsync(id, stoppingToken).ConfigureAwait(false);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogFailed(logger, ex.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow recovery pass failed ({Reason}); retrying after a lease duration")]
    private static partial void LogFailed(ILogger logger, string reason);
}
