using System.Runtime.CompilerServices;
using IntegrationHub.Messaging;
using Npgsql;

namespace IntegrationHub.Storage.Postgres;

/// <summary>
/// <see cref="ICustomerValueStore"/> on PostgreSQL: orders are found through the expression index on the canonical order
/// payload's <c>customerNumber</c> joined to the cross-reference; values live in <c>customer_values</c>, written in batches
/// of one transaction with their events. A batch first takes a transaction advisory lock per customer, in key order (so
/// two nodes saving overlapping batches wait instead of deadlocking), so comparing with the stored hash and writing are
/// one step for each customer, also for a customer not stored yet.
/// </summary>
public sealed class PostgresCustomerValueStore(NpgsqlDataSource database) : ICustomerValueStore
{
    /// <summary>The first key of the two-key advisory locks on customers ("CVAL").</summary>
    private const int LockClass = 0x4356414C;

    public async IAsyncEnumerable<CustomerOrderRow> StreamOrdersAsync(string customerSystem, Guid? customer = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("""
            SELECT x.hub_id, r.hub_id, r.payload::text
              FROM cross_references x
              JOIN canonical_records r ON r.entity = 'order' AND (r.payload->>'customerNumber') = x.external_id
             WHERE x.system = $1 AND x.entity = 'customer' AND ($2::uuid IS NULL OR x.hub_id = $2)
             ORDER BY x.hub_id
            """).WithText(customerSystem).With(customer, NpgsqlTypes.NpgsqlDbType.Uuid);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new CustomerOrderRow(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2));
        }
    }

    public async IAsyncEnumerable<CustomerInvoiceRow> StreamInvoicesAsync(Guid? customer = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("""
            SELECT r.customer_hub_id, r.invoice_id, r.currency, r.total, r.due, r.status, r.issue_date, r.due_date,
                   (SELECT MAX(p.paid_on) FROM payments p WHERE p.system = r.system AND p.invoice_id = r.invoice_id AND p.status <> 'deleted')
              FROM receivables r
             WHERE r.customer_hub_id IS NOT NULL AND ($1::uuid IS NULL OR r.customer_hub_id = $1)
             ORDER BY r.customer_hub_id
            """).With(customer, NpgsqlTypes.NpgsqlDbType.Uuid);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new CustomerInvoiceRow(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetDecimal(3), reader.GetDecimal(4), reader.GetString(5),
                Day(reader, 6), Day(reader, 7), Day(reader, 8));
        }
    }

    public async Task<IReadOnlyList<Guid>> ListCustomersChangedSinceAsync(string customerSystem, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("""
            SELECT x.hub_id FROM canonical_records r
              JOIN cross_references x ON x.system = $1 AND x.entity = 'customer' AND x.external_id = (r.payload->>'customerNumber')
             WHERE r.entity = 'order' AND r.seen_at >= $2
            UNION SELECT customer_hub_id FROM receivables WHERE recorded_at >= $2 AND customer_hub_id IS NOT NULL
            UNION SELECT customer_hub_id FROM payments WHERE recorded_at >= $2 AND customer_hub_id IS NOT NULL
            """).WithText(customerSystem).With(since.ToUniversalTime());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var ids = new List<Guid>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    public async Task<IReadOnlyList<ObservationOutcome>> SaveAsync(IReadOnlyList<(StoredCustomerValue Value, OutgoingMessage? ChangeEvent)> values, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return [];
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var locks = new NpgsqlBatch(connection, tx))
        {
            foreach (var key in values.Select(v => PostgresCommands.AdvisoryKey(v.Value.HubId)).Distinct().Order())
            {
                locks.Statement("SELECT pg_advisory_xact_lock($1, $2)").With(LockClass).With(key);
            }

            await locks.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var stored = new Dictionary<Guid, string>();
        await using (var read = connection.Command("SELECT hub_id, hash FROM customer_values WHERE hub_id = ANY($1)", tx)
            .With(values.Select(v => v.Value.HubId).Distinct().ToArray()))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                stored[reader.GetGuid(0)] = reader.GetString(1);
            }
        }

        var outcomes = new List<ObservationOutcome>(values.Count);
        await using (var batch = new NpgsqlBatch(connection, tx))
        {
            foreach (var (value, changeEvent) in values)
            {
                var changed = !stored.TryGetValue(value.HubId, out var hash) || hash != value.Hash;
                stored[value.HubId] = value.Hash; // a later value of the same customer in this batch compares with this one
                batch.Statement("""
                    INSERT INTO customer_values (hub_id, tier, stage, hash, value, as_of, computed_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
                    ON CONFLICT (hub_id) DO UPDATE SET tier = excluded.tier, stage = excluded.stage, hash = excluded.hash, value = excluded.value,
                        as_of = excluded.as_of, computed_at = excluded.computed_at
                    """).With(value.HubId).WithText(value.Tier).WithText(value.Stage).WithText(value.Hash).WithJsonText(value.ValueJson)
                    .With(value.AsOf).With(value.ComputedAt.ToUniversalTime());
                if (changed && changeEvent is not null)
                {
                    batch.RecordEvent(changeEvent, value.ComputedAt);
                }

                outcomes.Add(changed ? ObservationOutcome.Changed : ObservationOutcome.Unchanged);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return outcomes;
    }

    public async Task<StoredCustomerValue?> GetAsync(Guid customer, CancellationToken cancellationToken = default)
    {
        var found = await ValuesAsync(c => c.Command(Select + " WHERE hub_id = $1").With(customer), cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public Task<IReadOnlyList<StoredCustomerValue>> ListAsync(string? tier, string? stage, Guid? after, int limit, CancellationToken cancellationToken = default) =>
        ValuesAsync(c => c.Command(Select + " WHERE ($1::text IS NULL OR tier = $1) AND ($2::text IS NULL OR stage = $2) AND ($3::uuid IS NULL OR hub_id > $3) ORDER BY hub_id LIMIT $4")
            .WithText(tier).WithText(stage).With(after, NpgsqlTypes.NpgsqlDbType.Uuid).With(limit), cancellationToken);

    public async Task<CustomerSegments> CountSegmentsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        async Task<Dictionary<string, int>> CountAsync(string column)
        {
            await using var command = connection.Command($"SELECT {column}, COUNT(*) FROM customer_values GROUP BY {column}");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                counts[reader.GetString(0)] = (int)reader.GetInt64(1);
            }

            return counts;
        }

        var tiers = await CountAsync("tier").ConfigureAwait(false);
        var stages = await CountAsync("stage").ConfigureAwait(false);
        return new CustomerSegments(tiers.Values.Sum(), tiers, stages);
    }

    public async Task SaveBreakpointsAsync(string breakpointsJson, DateOnly asOf, DateTimeOffset computedAt, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("""
            INSERT INTO customer_value_breakpoints (id, breakpoints, as_of, computed_at) VALUES (1, $1, $2, $3)
            ON CONFLICT (id) DO UPDATE SET breakpoints = excluded.breakpoints, as_of = excluded.as_of, computed_at = excluded.computed_at
            """).WithJsonText(breakpointsJson).With(asOf).With(computedAt.ToUniversalTime());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<(string Json, DateOnly AsOf)?> GetBreakpointsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("SELECT breakpoints::text, as_of FROM customer_value_breakpoints WHERE id = 1");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? (reader.GetString(0), reader.GetFieldValue<DateOnly>(1)) : null;
    }

    private const string Select = "SELECT hub_id, tier, stage, hash, value::text, as_of, computed_at FROM customer_values";

    private async Task<IReadOnlyList<StoredCustomerValue>> ValuesAsync(Func<NpgsqlConnection, NpgsqlCommand> query, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = query(connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var values = new List<StoredCustomerValue>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            values.Add(new StoredCustomerValue(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetFieldValue<DateOnly>(5), reader.GetFieldValue<DateTimeOffset>(6)));
        }

        return values;
    }

    private static DateOnly? Day(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateOnly>(ordinal);
}
