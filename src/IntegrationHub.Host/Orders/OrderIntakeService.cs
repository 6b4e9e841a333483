using System.Security.Cryptography;
using IntegrationHub.Diagnostics;
using IntegrationHub.Host.Configuration;
using IntegrationHub.Messaging;
using IntegrationHub.Storage;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Orders;

/// <summary>
/// Accepts a pushed order: stores it with its idempotency key and outbox message in one transaction, then publishes it
/// and waits for Kafka's confirmation. A replay (same key, same body) gets the original answer and writes nothing.
/// </summary>
internal sealed partial class OrderIntakeService(
    IOrderIntakeStore store,
    IMessagePublisher publisher,
    FlowCounters counters,
    IOptions<HubOptions> options,
    TimeProvider time,
    ILogger<OrderIntakeService> logger)
{
    public async Task<IntakeAnswer> AcceptAsync(string clientId, string idempotencyKey, ReadOnlyMemory<byte> body, IntegrationHub.Orders.SalesOrder order, CancellationToken cancellationToken)
    {
        var fingerprint = Convert.ToHexString(SHA256.HashData(body.Span));
        var orderId = Guid.CreateVersion7(time.GetUtcNow());
        var message = OrderEvents.Received(options.Value.OrdersTopic, orderId, order, time.GetUtcNow());
        var result = await store.AcceptAsync(new IntakeRequest(clientId, idempotencyKey, fingerprint, orderId, order, message), cancellationToken).ConfigureAwait(false);
        switch (result.Outcome)
        {
            case IntakeOutcome.KeyReusedWithDifferentBody:
                counters.Rejected();
                return IntakeAnswer.KeyReused(result.OrderId);
            case IntakeOutcome.Replayed:
                counters.Replayed();
                return await ReplayAsync(result.OrderId, cancellationToken).ConfigureAwait(false);
            default:
                counters.Accepted();
                LogStored(logger, orderId, order.OrderNumber, clientId);
                return await PublishAsync(orderId, message, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<IntakeAnswer> ReplayAsync(Guid orderId, CancellationToken cancellationToken)
    {
        var status = await store.GetAsync(orderId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Idempotency record points to missing order {orderId}.");
        if (status.State != OrderStates.Accepted)
        {
            return IntakeAnswer.Accepted(orderId, status.OrderNumber, status.State, replayed: true);
        }

        // Stored but not yet confirmed: the first request may still be waiting for Kafka.
        if (time.GetUtcNow() - status.ReceivedAt < options.Value.PublishTimeout)
        {
            return IntakeAnswer.InProgress(orderId);
        }

        var message = await store.GetUnpublishedAsync(orderId, cancellationToken).ConfigureAwait(false);
        return message is null
            ? IntakeAnswer.Accepted(orderId, status.OrderNumber, OrderStates.Published, replayed: true)
            : await PublishAsync(orderId, message, cancellationToken, replayed: true).ConfigureAwait(false);
    }

    private async Task<IntakeAnswer> PublishAsync(Guid orderId, OutgoingMessage message, CancellationToken cancellationToken, bool replayed = false)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.PublishTimeout);
        try
        {
            var receipt = await publisher.PublishAsync(message, timeout.Token).ConfigureAwait(false);
            // The order is durable and confirmed on the topic; record that without letting a client disconnect undo it.
            await store.MarkPublishedAsync(orderId, receipt, CancellationToken.None).ConfigureAwait(false);
            counters.Published();
            return IntakeAnswer.Accepted(orderId, message.Event.Subject ?? "", OrderStates.Published, replayed);
        }
        catch (Exception ex) when (ex is PublishException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogPublishDeferred(logger, orderId, ex.Message);
            return IntakeAnswer.PublishPending(orderId);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Order {OrderId} ({OrderNumber}) stored for client {ClientId}")]
    private static partial void LogStored(ILogger logger, Guid orderId, string orderNumber, string clientId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order {OrderId} is stored but Kafka did not confirm it in time ({Reason}); the outbox relay will publish it")]
    private static partial void LogPublishDeferred(ILogger logger, Guid orderId, string reason);
}

internal enum IntakeAnswerKind { Accepted, KeyReused, InProgress, PublishPending }

internal sealed record IntakeAnswer(IntakeAnswerKind Kind, Guid OrderId, string? OrderNumber = null, string? State = null, bool Replayed = false)
{
    public static IntakeAnswer Accepted(Guid id, string number, string state, bool replayed) => new(IntakeAnswerKind.Accepted, id, number, state, replayed);

    public static IntakeAnswer KeyReused(Guid id) => new(IntakeAnswerKind.KeyReused, id);

    public static IntakeAnswer InProgress(Guid id) => new(IntakeAnswerKind.InProgress, id);

    public static IntakeAnswer PublishPending(Guid id) => new(IntakeAnswerKind.PublishPending, id);
}
