using System.Globalization;
using System.Runtime.CompilerServices;
using Dapper;
using IntegrationHub.Messaging;
using static IntegrationHub.Storage.Sqlite.SqliteTime;

namespace IntegrationHub.Storage.Sqlite;

/// <summary>
/// <see cref="ICustomerValueStore"/> on SQLite: orders are found through an index on the canonical order payload's
/// <c>customerNumber</c> joined to the cross-reference; values live in <c>customer_values</c>, written in batches of one
/// <c>BEGIN IMMEDIATE</c> transaction with their events (<c>record_events</c>).
/// </summary>
public sealed class SqliteCustomerValueStore(SqliteConnectionFactory connections) : ICustomerValueStore
{
    private const string Date = "yyyy-MM-dd";

    public async IAsyncEnumerable<CustomerOrderRow> StreamOrdersAsync(string customerSystem, Guid? customer = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var sql = """
            SELECT x.hub_id AS Customer, r.hub_id AS OrderId, r.payload AS Payload
              FROM cross_references x
              JOIN canonical_records r ON r.entity = 'order' AND json_extract(r.payload, '$.customerNumber') = x.external_id
             WHERE x.system = @customerSystem AND x.entity = 'customer'
            """ + (customer is null ? " ORDER BY x.hub_id" : " AND x.hub_id = @customer");
        var rows = connection.QueryUnbufferedAsync<OrderRow>(sql, new { customerSystem, customer = customer?.ToString() });
        await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return new CustomerOrderRow(Guid.Parse(row.Customer), Guid.Parse(row.OrderId), row.Payload);
        }
    }

    public async IAsyncEnumerable<CustomerInvoiceRow> StreamInvoicesAsync(Guid? customer = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var sql = """
            SELECT r.customer_hub_id AS Customer, r.invoice_id AS InvoiceId, r.currency AS Currency, r.total AS Total, r.due AS Due, r.status AS Status,
                   r.issue_date AS IssueDate, r.due_date AS DueDate,
                   (SELECT MAX(p.paid_on) FROM payments p WHERE p.system = r.system AND p.invoice_id = r.invoice_id AND p.status <> 'deleted') AS LastPaidOn
              FROM receivables r
            """ + (customer is null ? " WHERE r.customer_hub_id IS NOT NULL ORDER BY r.customer_hub_id" : " WHERE r.customer_hub_id = @customer");
        var rows = connection.QueryUnbufferedAsync<InvoiceRow>(sql, new { customer = customer?.ToString() });
        await foreach (var r in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return new CustomerInvoiceRow(Guid.Parse(r.Customer), r.InvoiceId, r.Currency, Amount(r.Total), Amount(r.Due), r.Status, Day(r.IssueDate), Day(r.DueDate), Day(r.LastPaidOn));
        }
    }

    public async Task<IReadOnlyList<Guid>> ListCustomersChangedSinceAsync(string customerSystem, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var ids = await connection.QueryAsync<string>(new CommandDefinition(
            """
            SELECT x.hub_id FROM canonical_records r
              JOIN cross_references x ON x.system = @customerSystem AND x.entity = 'customer' AND x.external_id = json_extract(r.payload, '$.customerNumber')
             WHERE r.entity = 'order' AND r.seen_at >= @since
            UNION SELECT customer_hub_id FROM receivables WHERE recorded_at >= @since AND customer_hub_id IS NOT NULL
            UNION SELECT customer_hub_id FROM payments WHERE recorded_at >= @since AND customer_hub_id IS NOT NULL
            """, new { customerSystem, since = Stamp(since) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. ids.Select(Guid.Parse)];
    }

    public async Task<IReadOnlyList<ObservationOutcome>> SaveAsync(IReadOnlyList<(StoredCustomerValue Value, OutgoingMessage? ChangeEvent)> values, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var outcomes = new List<ObservationOutcome>(values.Count);
        if (values.Count == 0)
        {
            return outcomes;
        }

        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = connection.BeginTransaction(deferred: false);
        foreach (var (value, changeEvent) in values)
        {
            var stored = await connection.QuerySingleOrDefaultAsync<string>(
                "SELECT hash FROM customer_values WHERE hub_id = @id", new { id = value.HubId.ToString() }, tx).ConfigureAwait(false);
            var changed = stored != value.Hash;
            await connection.ExecuteAsync(
                """
                INSERT INTO customer_values (hub_id, tier, stage, hash, value, as_of, computed_at) VALUES (@id, @Tier, @Stage, @Hash, @ValueJson, @asOf, @at)
                ON CONFLICT (hub_id) DO UPDATE SET tier = excluded.tier, stage = excluded.stage, hash = excluded.hash, value = excluded.value,
                    as_of = excluded.as_of, computed_at = excluded.computed_at
                """,
                new { id = value.HubId.ToString(), value.Tier, value.Stage, value.Hash, value.ValueJson, asOf = value.AsOf.ToString(Date, CultureInfo.InvariantCulture), at = Stamp(value.ComputedAt) },
                tx).ConfigureAwait(false);
            if (changed && changeEvent is not null)
            {
                await SqliteRecordEvents.InsertAsync(connection, tx, changeEvent, value.ComputedAt).ConfigureAwait(false);
            }

            outcomes.Add(changed ? ObservationOutcome.Changed : ObservationOutcome.Unchanged);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return outcomes;
    }

    public async Task<StoredCustomerValue?> GetAsync(Guid customer, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<ValueRow>(new CommandDefinition(
            Select + " WHERE hub_id = @id", new { id = customer.ToString() }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToStored();
    }

    public async Task<IReadOnlyList<StoredCustomerValue>> ListAsync(string? tier, string? stage, Guid? after, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<ValueRow>(new CommandDefinition(
            Select + " WHERE (@tier IS NULL OR tier = @tier) AND (@stage IS NULL OR stage = @stage) AND (@after IS NULL OR hub_id > @after) ORDER BY hub_id LIMIT @limit",
            new { tier, stage, after = after?.ToString(), limit }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToStored())];
    }

    public async Task<CustomerSegments> CountSegmentsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var tiers = (await connection.QueryAsync<(string Name, int Count)>(new CommandDefinition(
            "SELECT tier, COUNT(*) FROM customer_values GROUP BY tier ORDER BY tier", cancellationToken: cancellationToken)).ConfigureAwait(false)).ToDictionary(r => r.Name, r => r.Count, StringComparer.Ordinal);
        var stages = (await connection.QueryAsync<(string Name, int Count)>(new CommandDefinition(
            "SELECT stage, COUNT(*) FROM customer_values GROUP BY stage ORDER BY stage", cancellationToken: cancellationToken)).ConfigureAwait(false)).ToDictionary(r => r.Name, r => r.Count, StringComparer.Ordinal);
        return new CustomerSegments(tiers.Values.Sum(), tiers, stages);
    }

    public async Task SaveBreakpointsAsync(string breakpointsJson, DateOnly asOf, DateTimeOffset computedAt, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO customer_value_breakpoints (id, breakpoints, as_of, computed_at) VALUES (1, @breakpointsJson, @asOf, @at)
            ON CONFLICT (id) DO UPDATE SET breakpoints = excluded.breakpoints, as_of = excluded.as_of, computed_at = excluded.computed_at
            """, new { breakpointsJson, asOf = asOf.ToString(Date, CultureInfo.InvariantCulture), at = Stamp(computedAt) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task<(string Json, DateOnly AsOf)?> GetBreakpointsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<BreakpointsRow>(new CommandDefinition(
            "SELECT breakpoints AS Json, as_of AS AsOf FROM customer_value_breakpoints WHERE id = 1", cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row is null ? null : (row.Json, Day(row.AsOf)!.Value);
    }

    private const string Select = "SELECT hub_id AS HubId, tier AS Tier, stage AS Stage, hash AS Hash, value AS Value, as_of AS AsOf, computed_at AS ComputedAt FROM customer_values";

    private static decimal Amount(string text) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);

    private static DateOnly? Day(string? text) => text is null ? null : DateOnly.ParseExact(text, Date, CultureInfo.InvariantCulture);

    private sealed record OrderRow(string Customer, string OrderId, string Payload);

    // Properties, not a positional record: Dapper types a column that is NULL in the first row (no payment) as bytes.
    private sealed class InvoiceRow
    {
        public string Customer { get; init; } = "";

        public string InvoiceId { get; init; } = "";

        public string Currency { get; init; } = "";

        public string Total { get; init; } = "0";

        public string Due { get; init; } = "0";

        public string Status { get; init; } = "";

        public string? IssueDate { get; init; }

        public string? DueDate { get; init; }

        public string? LastPaidOn { get; init; }
    }

    private sealed record BreakpointsRow(string Json, string AsOf);

    private sealed record ValueRow(string HubId, string Tier, string Stage, string Hash, string Value, string AsOf, string ComputedAt)
    {
        public StoredCustomerValue ToStored() => new(Guid.Parse(HubId), Tier, Stage, Hash, Value, Day(AsOf)!.Value, Parse(ComputedAt));
    }
}
