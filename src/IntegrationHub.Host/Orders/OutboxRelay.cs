using IntegrationHub.Diagnostics;
using IntegrationHub.Host.Configuration;
using IntegrationHub.Messaging;
using IntegrationHub.Storage;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Orders;

/// <summary>
/// Publishes stored orders whose inline publish did not complete (Kafka slow or down, or the process died between
/// commit and publish). Looks only at messages older than twice the publish timeout so it does not race the request
/// that is still publishing; a rare duplicate is absorbed by the consumers (delivery is at-least-once). Each pass holds
/// the store lock <c>orders-outbox</c>, so with several hub nodes on one PostgreSQL store one relays at a time and a row is
/// not published by two nodes at once.
/// </summary>
internal sealed partial class OutboxRelay(
    IOrderIntakeStore store,
    IStoreLocks locks,
    IMessagePublisher publisher,
    FlowCounters counters,
    IOptions<HubOptions> options,
    TimeProvider time,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    private const int BatchSize = 100;

    /// <summary>The store lock a pass holds.</summary>
    public const string LockName = "orders-outbox";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.OutboxRelayInterval, time);
        do
        {
            try
            {
                await RelayOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRelayFailed(logger, ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    internal async Task<int> RelayOnceAsync(CancellationToken cancellationToken)
    {
        await using var turn = await locks.TryAcquireAsync(LockName, cancellationToken).ConfigureAwait(false);
        if (turn is null)
        {
            return 0; // another node is relaying
        }

        var cutoff = time.GetUtcNow() - (2 * options.Value.PublishTimeout);
        var published = 0;
        foreach (var pending in await store.GetUnpublishedAsync(cutoff, BatchSize, cancellationToken).ConfigureAwait(false))
        {
            var receipt = await publisher.PublishAsync(pending.Message, cancellationToken).ConfigureAwait(false);
            await store.MarkPublishedAsync(pending.OrderId, receipt, CancellationToken.None).ConfigureAwait(false);
            counters.Published();
            published++;
        }

        if (published > 0)
        {
            LogRelayed(logger, published);
        }

        return published;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox relay published {Count} stored orders")]
    private static partial void LogRelayed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay pass failed ({Reason}); retrying on the next tick")]
    private static partial void LogRelayFailed(ILogger logger, string reason);
}
