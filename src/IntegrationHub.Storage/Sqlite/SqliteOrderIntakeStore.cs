using System.Text.Json;
using Dapper;
using static IntegrationHub.Storage.Sqlite.SqliteTime;
using IntegrationHub.Messaging;

namespace IntegrationHub.Storage.Sqlite;

/// <summary>
/// SQLite implementation of <see cref="IOrderIntakeStore"/>. Timestamps are ISO 8601 UTC text. Accepting an order,
/// marking it published and marking it delivered go through <see cref="SqliteGroupCommit"/>: concurrent pushes share one transaction and one commit.
/// </summary>
public sealed class SqliteOrderIntakeStore(SqliteConnectionFactory connections, TimeProvider time, SqliteGroupCommit writes) : IOrderIntakeStore
{
    private static readonly JsonSerializerOptions Json = IntegrationHub.Orders.CanonicalJson.Options;

    public SqliteOrderIntakeStore(SqliteConnectionFactory connections, TimeProvider time)
        : this(connections, time, new SqliteGroupCommit(connections))
    {
    }

    // The group's transaction is BEGIN IMMEDIATE (the write lock up front) and runs its writes one after another, so two
    // requests with one key cannot both see "absent", in one group or in two.
    public Task<IntakeResult> AcceptAsync(IntakeRequest request, CancellationToken cancellationToken = default) =>
        writes.RunAsync((connection, tx) => AcceptAsync(connection, tx, request), cancellationToken);

    private const string FindKey = "SELECT fingerprint, order_id FROM idempotency_keys WHERE client_id = @ClientId AND idempotency_key = @IdempotencyKey";

    private const string InsertOrder = $"""
        INSERT INTO idempotency_keys (client_id, idempotency_key, fingerprint, order_id, created_at)
        VALUES (@ClientId, @IdempotencyKey, @Fingerprint, @orderId, @now);
        INSERT INTO orders (id, order_number, customer_number, payload, state, received_at)
        VALUES (@orderId, @orderNumber, @customerNumber, @payload, @state, @now);
        INSERT INTO outbox (order_id, {SqliteMessages.InsertColumns}, created_at)
        VALUES (@orderId, {SqliteMessages.InsertValues}, @now);
        """;

    // Prepared statements on the group commit's writer: the three inserts are one command, parsed once per connection.
    private async Task<IntakeResult> AcceptAsync(Microsoft.Data.Sqlite.SqliteConnection connection, Microsoft.Data.Sqlite.SqliteTransaction tx, IntakeRequest request)
    {
        await using (var existing = await SqlitePrepared.Command(connection, tx, FindKey).With("@ClientId", request.ClientId).With("@IdempotencyKey", request.IdempotencyKey)
            .ExecuteReaderAsync(CancellationToken.None).ConfigureAwait(false))
        {
            if (await existing.ReadAsync(CancellationToken.None).ConfigureAwait(false))
            {
                var outcome = existing.GetString(0) == request.Fingerprint ? IntakeOutcome.Replayed : IntakeOutcome.KeyReusedWithDifferentBody;
                return new IntakeResult(outcome, Guid.Parse(existing.GetString(1)));
            }
        }

        await SqlitePrepared.Command(connection, tx, InsertOrder)
            .With("@ClientId", request.ClientId).With("@IdempotencyKey", request.IdempotencyKey).With("@Fingerprint", request.Fingerprint)
            .With("@orderId", request.OrderId.ToString()).With("@now", Stamp(time.GetUtcNow()))
            .With("@orderNumber", request.Order.OrderNumber).With("@customerNumber", request.Order.CustomerNumber)
            .With("@payload", JsonSerializer.Serialize(request.Order, Json)).With("@state", OrderStates.Accepted)
            .WithMessage(request.Message)
            .ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        return new IntakeResult(IntakeOutcome.Created, request.OrderId);
    }

    public Task MarkPublishedAsync(Guid orderId, PublishReceipt receipt, CancellationToken cancellationToken = default) =>
        writes.RunAsync(async (connection, tx) =>
        {
            await MarkPublishedAsync(connection, tx, orderId, receipt).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    private const string MarkPublished = """
        UPDATE outbox SET published_at = @now, partition_no = @Partition, offset_no = @Offset WHERE order_id = @id AND published_at IS NULL;
        UPDATE orders SET published_at = COALESCE(published_at, @now), state = CASE WHEN state = @accepted THEN @published ELSE state END WHERE id = @id;
        """;

    private Task MarkPublishedAsync(Microsoft.Data.Sqlite.SqliteConnection connection, Microsoft.Data.Sqlite.SqliteTransaction tx, Guid orderId, PublishReceipt receipt) =>
        SqlitePrepared.Command(connection, tx, MarkPublished)
            .With("@id", orderId.ToString()).With("@now", Stamp(time.GetUtcNow())).With("@Partition", receipt.Partition).With("@Offset", receipt.Offset)
            .With("@accepted", OrderStates.Accepted).With("@published", OrderStates.Published)
            .ExecuteNonQueryAsync(CancellationToken.None);

    public Task MarkDeliveredAsync(Guid orderId, string targetSystem, string targetId, CancellationToken cancellationToken = default) =>
        writes.RunAsync((connection, tx) => connection.ExecuteAsync(
            "UPDATE orders SET state = @state, delivered_at = COALESCE(delivered_at, @now), target_system = @targetSystem, target_id = @targetId WHERE id = @id",
            new { id = orderId.ToString(), state = OrderStates.Delivered, now = Stamp(time.GetUtcNow()), targetSystem, targetId }, tx), cancellationToken);

    public Task<OrderStatus?> GetAsync(Guid orderId, CancellationToken cancellationToken = default) =>
        GetAsync(orderId, null, cancellationToken);

    public Task<OrderStatus?> GetPushedByAsync(Guid orderId, string clientId, CancellationToken cancellationToken = default) =>
        GetAsync(orderId, clientId ?? throw new ArgumentNullException(nameof(clientId)), cancellationToken);

    private async Task<OrderStatus?> GetAsync(Guid orderId, string? clientId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<OrderRow>(
            """
            SELECT id AS Id, order_number AS OrderNumber, customer_number AS CustomerNumber, state AS State,
                   received_at AS ReceivedAt, published_at AS PublishedAt, delivered_at AS DeliveredAt,
                   target_system AS TargetSystem, target_id AS TargetId
            FROM orders WHERE id = @id
              AND (@clientId IS NULL OR EXISTS (SELECT 1 FROM idempotency_keys k WHERE k.order_id = orders.id AND k.client_id = @clientId))
            """, new { id = orderId.ToString(), clientId }).ConfigureAwait(false);
        return row is null ? null : new OrderStatus(Guid.Parse(row.Id), row.OrderNumber, row.CustomerNumber, row.State,
            Parse(row.ReceivedAt), ParseOrNull(row.PublishedAt), ParseOrNull(row.DeliveredAt), row.TargetSystem, row.TargetId);
    }

    private const string OutboxColumns = "SELECT order_id AS OrderId, " + SqliteMessages.SelectColumns + " FROM outbox";

    public async Task<IReadOnlyList<PendingOutboxMessage>> GetUnpublishedAsync(DateTimeOffset createdBefore, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<OutboxRow>(
            OutboxColumns + " WHERE published_at IS NULL AND created_at < @before ORDER BY created_at LIMIT @limit",
            new { before = Stamp(createdBefore), limit }).ConfigureAwait(false);
        return rows.Select(r => new PendingOutboxMessage(Guid.Parse(r.OrderId), ToMessage(r))).ToList();
    }

    public async Task<OutgoingMessage?> GetUnpublishedAsync(Guid orderId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<OutboxRow>(
            OutboxColumns + " WHERE order_id = @id AND published_at IS NULL", new { id = orderId.ToString() }).ConfigureAwait(false);
        return row is null ? null : ToMessage(row);
    }

    private static OutgoingMessage ToMessage(OutboxRow r) =>
        SqliteMessages.ToMessage(r.Topic, r.MessageKey, r.EventId, r.EventSource, r.EventType, r.EventTime, r.Subject, r.ContentType, r.Data, r.TraceParent, r.TraceState);

    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations").ConfigureAwait(false);
    }

    private sealed record OrderRow(string Id, string OrderNumber, string CustomerNumber, string State, string ReceivedAt,
        string? PublishedAt, string? DeliveredAt, string? TargetSystem, string? TargetId);

    private sealed record OutboxRow(string OrderId, string Topic, string MessageKey, string EventId, string EventSource,
        string EventType, string EventTime, string? Subject, string ContentType, byte[] Data, string? TraceParent, string? TraceState);
}
