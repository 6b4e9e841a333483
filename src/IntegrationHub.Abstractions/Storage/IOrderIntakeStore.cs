using IntegrationHub.Messaging;
using IntegrationHub.Orders;

namespace IntegrationHub.Storage;

/// <summary>
/// Durable intake of pushed orders: the idempotency record, the order and its outbox message are written in
/// one transaction, so an order is either fully accepted or not at all.
/// </summary>
public interface IOrderIntakeStore
{
    /// <summary>
    /// Stores the order under the idempotency key, or finds the earlier request with that key.
    /// Same key + same fingerprint: <see cref="IntakeOutcome.Replayed"/> with the original order id, nothing written.
    /// Same key + other fingerprint: <see cref="IntakeOutcome.KeyReusedWithDifferentBody"/>, nothing written.
    /// </summary>
    Task<IntakeResult> AcceptAsync(IntakeRequest request, CancellationToken cancellationToken = default);

    Task MarkPublishedAsync(Guid orderId, PublishReceipt receipt, CancellationToken cancellationToken = default);

    Task MarkDeliveredAsync(Guid orderId, string targetSystem, string targetId, CancellationToken cancellationToken = default);

    Task<OrderStatus?> GetAsync(Guid orderId, CancellationToken cancellationToken = default);

    /// <summary>The order when <paramref name="clientId"/> pushed it (an idempotency record of that client names it); else null, as if it did not exist.</summary>
    Task<OrderStatus?> GetPushedByAsync(Guid orderId, string clientId, CancellationToken cancellationToken = default);

    /// <summary>Outbox messages not yet confirmed by the bus and created before <paramref name="createdBefore"/>, oldest first.</summary>
    Task<IReadOnlyList<PendingOutboxMessage>> GetUnpublishedAsync(DateTimeOffset createdBefore, int limit, CancellationToken cancellationToken = default);

    /// <summary>The order's outbox message when Kafka has not confirmed it yet; null once published.</summary>
    Task<OutgoingMessage?> GetUnpublishedAsync(Guid orderId, CancellationToken cancellationToken = default);

    /// <summary>Cheap round trip to prove the store answers (readiness).</summary>
    Task PingAsync(CancellationToken cancellationToken = default);
}

/// <param name="ClientId">Who sent it; idempotency keys are scoped per client.</param>
/// <param name="Fingerprint">Hash of the request body, to tell a replay from a key reused for another body.</param>
public sealed record IntakeRequest(string ClientId, string IdempotencyKey, string Fingerprint, Guid OrderId, SalesOrder Order, OutgoingMessage Message);

public enum IntakeOutcome { Created, Replayed, KeyReusedWithDifferentBody }

public sealed record IntakeResult(IntakeOutcome Outcome, Guid OrderId);

public sealed record PendingOutboxMessage(Guid OrderId, OutgoingMessage Message);

/// <summary>Where an accepted order is in its journey.</summary>
public sealed record OrderStatus(
    Guid OrderId,
    string OrderNumber,
    string CustomerNumber,
    string State,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? PublishedAt,
    DateTimeOffset? DeliveredAt,
    string? TargetSystem,
    string? TargetId);

/// <summary>Values of <see cref="OrderStatus.State"/>.</summary>
public static class OrderStates
{
    public const string Accepted = "accepted";
    public const string Published = "published";
    public const string Delivered = "delivered";
}
