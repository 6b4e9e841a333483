using IntegrationHub.Messaging;
using IntegrationHub.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Connectors.Hosting.Activities;

/// <summary>
/// Publishes the change events <c>Record.Observe</c> queued, oldest first and one at a time, so events of one key
/// leave in the order their changes committed; a failed publish stops the pass (nothing later overtakes it) and is
/// retried on the next. Woken by <see cref="RecordEventSignal"/>, else every second. A crash between publish and mark
/// repeats the event, which consumers recognise by its id (delivery is at-least-once). Each pass holds the store lock
/// <c>record-events</c>: with several hub nodes on one PostgreSQL store, one relays at a time, so an event is not published
/// twice at once and events still leave in order.
/// </summary>
public sealed partial class RecordEventRelay(
    ICanonicalRecordStore store, IStoreLocks locks, IMessagePublisher publisher, RecordEventSignal signal, TimeProvider time, ILogger<RecordEventRelay> logger) : BackgroundService
{
    /// <summary>The store lock a pass holds.</summary>
    public const string LockName = "record-events";

    private const int BatchSize = 200;
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await RelayOnceAsync(stoppingToken).ConfigureAwait(false) == BatchSize)
                {
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRelayFailed(logger, ex.GetType().Name, ex.Message);
            }

            await signal.WaitAsync(Poll, stoppingToken).ConfigureAwait(false);
        }
    }

    /// <returns>How many events were published.</returns>
    public async Task<int> RelayOnceAsync(CancellationToken cancellationToken)
    {
        await using var turn = await locks.TryAcquireAsync(LockName, cancellationToken).ConfigureAwait(false);
        if (turn is null)
        {
            return 0; // another node is relaying; this one looks again on the next signal or poll
        }

        var published = 0;
        foreach (var pending in await store.ListPendingEventsAsync(BatchSize, cancellationToken).ConfigureAwait(false))
        {
            var receipt = await publisher.PublishAsync(pending.Message, cancellationToken).ConfigureAwait(false);
            await store.MarkEventPublishedAsync(pending.Id, receipt, time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
            published++;
        }

        return published;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Record event relay pass failed ({ExceptionType}: {Reason}); retrying")]
    private static partial void LogRelayFailed(ILogger logger, string exceptionType, string reason);
}
