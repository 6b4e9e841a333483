using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Dapper;
using IntegrationHub.Messaging;
using static IntegrationHub.Storage.Sqlite.SqliteTime;

namespace IntegrationHub.Storage.Sqlite;

/// <summary>
/// Receivables in <c>receivables</c> and their payments in <c>payments</c> (<see cref="SqlitePayments"/>). A change is one <c>BEGIN IMMEDIATE</c> transaction (compare, replace with the next
/// update sequence, queue the event), so sequences are assigned in commit order and a reader that has seen sequence N never
/// later finds a new row at or below N. Amounts are stored as invariant decimal text (exact, never floating point).
/// </summary>
public sealed class SqliteReceivableStore(SqliteConnectionFactory connections) : IReceivableStore
{
    private const string Columns =
        """
        system AS System, invoice_id AS InvoiceId, invoice_number AS InvoiceNumber, customer_hub_id AS CustomerHubId,
        customer_name AS CustomerName, currency AS Currency, total AS Total, paid AS Paid, credited AS Credited, due AS Due,
        status AS Status, issue_date AS IssueDate, due_date AS DueDate, source_version AS SourceVersion,
        source_updated_at AS SourceUpdatedAt, hash AS Hash, payload AS Payload, recorded_at AS RecordedAt, seq AS Seq
        """;

    public async Task<ObservationOutcome> UpsertAsync(StoredReceivable receivable, OutgoingMessage? changeEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(receivable);
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = connection.BeginTransaction(deferred: false);
        var current = await connection.QuerySingleOrDefaultAsync<Current>(
            "SELECT source_version AS SourceVersion, hash AS Hash FROM receivables WHERE system = @System AND invoice_id = @InvoiceId",
            new { receivable.System, receivable.InvoiceId }, tx).ConfigureAwait(false);
        var outcome = current switch
        {
            { } c when receivable.SourceVersion < c.SourceVersion => ObservationOutcome.Stale,
            { } c when c.Hash == receivable.Hash => ObservationOutcome.Unchanged,
            _ => ObservationOutcome.Changed,
        };
        if (outcome == ObservationOutcome.Changed)
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO receivables (system, invoice_id, invoice_number, customer_hub_id, customer_name, currency, total, paid, credited, due,
                    has_due, status, issue_date, due_date, source_version, source_updated_at, hash, payload, recorded_at, seq)
                VALUES (@System, @InvoiceId, @InvoiceNumber, @customer, @CustomerName, @Currency, @total, @paid, @credited, @due,
                    @hasDue, @Status, @issueDate, @dueDate, @SourceVersion, @updatedAt, @Hash, @PayloadJson, @recordedAt,
                    (SELECT COALESCE(MAX(seq), 0) + 1 FROM receivables))
                ON CONFLICT (system, invoice_id) DO UPDATE SET invoice_number = excluded.invoice_number, customer_hub_id = excluded.customer_hub_id,
                    customer_name = excluded.customer_name, currency = excluded.currency, total = excluded.total, paid = excluded.paid,
                    credited = excluded.credited, due = excluded.due, has_due = excluded.has_due, status = excluded.status,
                    issue_date = excluded.issue_date, due_date = excluded.due_date, source_version = excluded.source_version,
                    source_updated_at = excluded.source_updated_at, hash = excluded.hash, payload = excluded.payload,
                    recorded_at = excluded.recorded_at, seq = excluded.seq
                """,
                new
                {
                    receivable.System, receivable.InvoiceId, receivable.InvoiceNumber, customer = receivable.CustomerHubId?.ToString(),
                    receivable.CustomerName, receivable.Currency, total = Money(receivable.Total), paid = Money(receivable.Paid),
                    credited = Money(receivable.Credited), due = Money(receivable.Due), hasDue = receivable.Due != 0 ? 1 : 0, receivable.Status,
                    issueDate = Date(receivable.IssueDate), dueDate = Date(receivable.DueDate), receivable.SourceVersion,
                    updatedAt = Stamp(receivable.SourceUpdatedAt), receivable.Hash, receivable.PayloadJson, recordedAt = Stamp(receivable.RecordedAt),
                }, tx).ConfigureAwait(false);
            if (changeEvent is not null)
            {
                await SqliteRecordEvents.InsertAsync(connection, tx, changeEvent, receivable.RecordedAt).ConfigureAwait(false);
            }
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    public async Task<IReadOnlyList<StoredReceivable>> ListAsync(ReceivableQuery query, long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (sql, parameters) = Select(query, afterSequence);
        parameters.Add("limit", limit);
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(sql + " LIMIT @limit", parameters, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToReceivable())];
    }

    public async IAsyncEnumerable<StoredReceivable> StreamAsync(ReceivableQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (sql, parameters) = Select(query, 0);
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var row in connection.QueryUnbufferedAsync<Row>(sql, parameters).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return row.ToReceivable();
        }
    }

    public Task<ObservationOutcome> UpsertPaymentAsync(StoredPayment payment, OutgoingMessage? changeEvent, CancellationToken cancellationToken = default) =>
        SqlitePayments.UpsertAsync(connections, payment, changeEvent, cancellationToken);

    public Task<IReadOnlyList<StoredPayment>> ListPaymentsAsync(Guid customer, CancellationToken cancellationToken = default) =>
        SqlitePayments.ListAsync(connections, customer, cancellationToken);

    /// <summary>The query for the filters given (only those: SQLite plans each shape on its indexes), in sequence order.</summary>
    private static (string Sql, DynamicParameters Parameters) Select(ReceivableQuery q, long afterSequence)
    {
        var sql = new StringBuilder("SELECT ").Append(Columns).Append(" FROM receivables WHERE seq > @after");
        var parameters = new DynamicParameters(new { after = afterSequence });
        void Where(string clause, string name, object? value)
        {
            sql.Append(" AND ").Append(clause);
            parameters.Add(name, value);
        }

        if (q.Customer is { } customer)
        {
            Where("customer_hub_id = @customer", "customer", customer.ToString());
        }

        if (q.Status is { } status)
        {
            Where("status = @status", "status", status);
        }

        if (q.Currency is { } currency)
        {
            Where("currency = @currency", "currency", currency);
        }

        if (q.DueBefore is { } dueBefore)
        {
            Where("due_date < @dueBefore", "dueBefore", Date(dueBefore));
        }

        if (q.UpdatedSince is { } since)
        {
            Where("source_updated_at >= @since", "since", Stamp(since));
        }

        if (q.DueFrom is { } from)
        {
            Where("due_date >= @dueFrom", "dueFrom", Date(from));
        }

        if (q.DueTo is { } to)
        {
            Where("due_date <= @dueTo", "dueTo", Date(to));
        }

        if (q.IssuedOnOrBefore is { } issued)
        {
            Where("(issue_date IS NULL OR issue_date <= @issued)", "issued", Date(issued));
        }

        if (q.AgedOnly)
        {
            sql.Append(" AND status = 'open' AND has_due = 1 AND due_date IS NOT NULL");
        }

        sql.Append(" ORDER BY seq");
        return (sql.ToString(), parameters);
    }

    private static string Money(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static string? Date(DateOnly? value) => value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private sealed record Current(long SourceVersion, string Hash);

    private sealed record Row(string System, string InvoiceId, string? InvoiceNumber, string? CustomerHubId, string? CustomerName, string Currency,
        string Total, string Paid, string Credited, string Due, string Status, string? IssueDate, string? DueDate, long SourceVersion,
        string SourceUpdatedAt, string Hash, string Payload, string RecordedAt, long Seq)
    {
        public StoredReceivable ToReceivable() => new(System, InvoiceId, InvoiceNumber, CustomerHubId is null ? null : Guid.Parse(CustomerHubId), CustomerName,
            Currency, Amount(Total), Amount(Paid), Amount(Credited), Amount(Due), Status, DateOf(IssueDate), DateOf(DueDate), SourceVersion,
            Parse(SourceUpdatedAt), Hash, Payload, Parse(RecordedAt), Seq);

        private static decimal Amount(string text) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);

        private static DateOnly? DateOf(string? text) => text is null ? null : DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
    }
}
