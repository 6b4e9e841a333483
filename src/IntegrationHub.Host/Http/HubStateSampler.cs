using IntegrationHub.Host.Configuration;
using IntegrationHub.Storage;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Http;

/// <summary>
/// Samples the store for the gauges that need a query (metric callbacks are synchronous and run on the scrape): workflow
/// instances per flow and sub-status, and each outbox's backlog. The first sample is taken once the host has started
/// (the store is migrated by then), then every <see cref="HubOptions.MetricsSampleInterval"/>; a failed sample keeps the
/// previous one and is logged.
/// </summary>
internal sealed partial class HubStateSampler(
    IWorkflowInstanceStore instances,
    IOutboxBacklog outboxes,
    IHostApplicationLifetime lifetime,
    IOptions<HubOptions> options,
    TimeProvider time,
    ILogger<HubStateSampler> logger) : BackgroundService
{
    private volatile HubStateSample _last = HubStateSample.Empty;

    public HubStateSample Last => _last;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await StartedAsync(stoppingToken).ConfigureAwait(false))
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.MetricsSampleInterval, time);
        do
        {
            await SampleAsync(stoppingToken).ConfigureAwait(false);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    public async Task SampleAsync(CancellationToken cancellationToken)
    {
        try
        {
            var counts = await instances.CountBySubStatusAsync(cancellationToken).ConfigureAwait(false);
            var backlog = await outboxes.ReadAsync(cancellationToken).ConfigureAwait(false);
            _last = new HubStateSample(counts, backlog);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogSampleFailed(logger, ex.GetType().Name, ex.Message);
        }
    }

    private async Task<bool> StartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        try
        {
            await started.Task.ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sampling the store for the metrics failed ({Error}: {Reason}); the gauges keep the previous sample")]
    private static partial void LogSampleFailed(ILogger logger, string error, string reason);
}

/// <summary>One sample of the store's state; empty before the first.</summary>
internal sealed record HubStateSample(
    IReadOnlyList<(string DefinitionId, string SubStatus, long Count)> Instances,
    IReadOnlyList<OutboxBacklog> Outboxes)
{
    public static readonly HubStateSample Empty = new([], []);
}
