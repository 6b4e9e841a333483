using System.Text.Json;
using IntegrationHub.Messaging;
using Npgsql;

namespace IntegrationHub.Storage.Postgres;

/// <summary>
/// PostgreSQL implementation of <see cref="IOrderIntakeStore"/>, safe for any number of hub nodes on one database. The
/// idempotency key is claimed with <c>INSERT ... ON CONFLICT DO NOTHING</c> in the same statement that stores the order and
/// its outbox row: when two nodes race for one key, the second insert waits for the first and then finds the key taken,
/// so exactly one order is created. A push is one round trip to accept and one to mark published; concurrent pushes
/// commit in their own transactions and PostgreSQL groups their WAL flushes itself.
/// </summary>
public sealed class PostgresOrderIntakeStore(NpgsqlDataSource database, TimeProvider time) : IOrderIntakeStore
{
    private static readonly JsonSerializerOptions Json = IntegrationHub.Orders.CanonicalJson.Options;

    // One statement, so one round trip and its own transaction: the key is claimed, and only when this statement claimed
    // it (a row comes out of "claimed") are the order and its outbox row inserted. A second request with the same key waits
    // on the first's insert of the key and then claims nothing.
    private static readonly string Accept = $"""
        WITH claimed AS (
            INSERT INTO idempotency_keys (client_id, idempotency_key, fingerprint, order_id, created_at)
            VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING order_id),
        stored AS (
            INSERT INTO orders (id, order_number, customer_number, payload, state, received_at)
            SELECT order_id, $6, $7, $8, $9, $5 FROM claimed RETURNING id),
        queued AS (
            INSERT INTO outbox (order_id, created_at, {PostgresMessages.Columns})
            SELECT id, $5, {PostgresMessages.Placeholders(10)} FROM stored RETURNING order_id)
        SELECT COUNT(*) FROM queued
        """;

    private const string FindKey = "SELECT fingerprint, order_id FROM idempotency_keys WHERE client_id = $1 AND idempotency_key = $2";

    public async Task<IntakeResult> AcceptAsync(IntakeRequest request, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (var accept = connection.Command(Accept)
            .WithText(request.ClientId).WithText(request.IdempotencyKey).WithText(request.Fingerprint).With(request.OrderId).With(time.GetUtcNow())
            .WithText(request.Order.OrderNumber).WithText(request.Order.CustomerNumber).WithJson(JsonSerializer.Serialize(request.Order, Json))
            .WithText(OrderStates.Accepted).WithMessage(request.Message))
        {
            if ((long)(await accept.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! == 1)
            {
                return new IntakeResult(IntakeOutcome.Created, request.OrderId);
            }
        }

        // Taken: by a committed request, or by one the insert waited for; a new statement sees it (read committed).
        await using var find = connection.Command(FindKey).WithText(request.ClientId).WithText(request.IdempotencyKey);
        await using var existing = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await existing.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException("The idempotency key was taken but cannot be read back.");
        }

        var outcome = existing.GetString(0) == request.Fingerprint ? IntakeOutcome.Replayed : IntakeOutcome.KeyReusedWithDifferentBody;
        return new IntakeResult(outcome, existing.GetGuid(1));
    }

    public async Task MarkPublishedAsync(Guid orderId, PublishReceipt receipt, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        // One batch is one implicit transaction.
        await using var batch = new NpgsqlBatch(connection);
        batch.Statement("UPDATE outbox SET published_at = $1, partition_no = $2, offset_no = $3 WHERE order_id = $4 AND published_at IS NULL")
            .With(now).With(receipt.Partition).With(receipt.Offset).With(orderId);
        batch.Statement("""
            UPDATE orders SET published_at = COALESCE(published_at, $1), state = CASE WHEN state = $2 THEN $3 ELSE state END WHERE id = $4
            """).With(now).WithText(OrderStates.Accepted).WithText(OrderStates.Published).With(orderId);
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task MarkDeliveredAsync(Guid orderId, string targetSystem, string targetId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("""
            UPDATE orders SET state = $1, delivered_at = COALESCE(delivered_at, $2), target_system = $3, target_id = $4 WHERE id = $5
            """).WithText(OrderStates.Delivered).With(time.GetUtcNow()).WithText(targetSystem).WithText(targetId).With(orderId);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task<OrderStatus?> GetAsync(Guid orderId, CancellationToken cancellationToken = default) =>
        GetAsync(orderId, null, cancellationToken);

    public Task<OrderStatus?> GetPushedByAsync(Guid orderId, string clientId, CancellationToken cancellationToken = default) =>
        GetAsync(orderId, clientId ?? throw new ArgumentNullException(nameof(clientId)), cancellationToken);

    private async Task<OrderStatus?> GetAsync(Guid orderId, string? clientId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("""
            SELECT id, order_number, customer_number, state, received_at, published_at, delivered_at, target_system, target_id
            FROM orders WHERE id = $1
              AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM idempotency_keys k WHERE k.order_id = orders.id AND k.client_id = $2))
            """).With(orderId).WithText(clientId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new OrderStatus(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
            reader.GetFieldValue<DateTimeOffset>(4), reader.TimeOrNull(5), reader.TimeOrNull(6), reader.TextOrNull(7), reader.TextOrNull(8));
    }

    private const string Outbox = "SELECT order_id, " + PostgresMessages.Columns + " FROM outbox";

    public async Task<IReadOnlyList<PendingOutboxMessage>> GetUnpublishedAsync(DateTimeOffset createdBefore, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(Outbox + " WHERE published_at IS NULL AND created_at < $1 ORDER BY created_at, order_id LIMIT $2")
            .With(createdBefore.ToUniversalTime()).With(limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var pending = new List<PendingOutboxMessage>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            pending.Add(new PendingOutboxMessage(reader.GetGuid(0), PostgresMessages.Read(reader, 1)));
        }

        return pending;
    }

    public async Task<OutgoingMessage?> GetUnpublishedAsync(Guid orderId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(Outbox + " WHERE order_id = $1 AND published_at IS NULL").With(orderId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? PostgresMessages.Read(reader, 1) : null;
    }

    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("SELECT COUNT(*) FROM schema_migrations");
        await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }
}
