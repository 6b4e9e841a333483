using System.Runtime.CompilerServices;
using System.Text;
using IntegrationHub.Messaging;
using Npgsql;

namespace IntegrationHub.Storage.Postgres;

/// <summary>
/// Receivables in <c>receivables</c> and their payments in <c>payments</c> on PostgreSQL. Every change (of any
/// receivable or payment, from any node) first takes one transaction advisory lock, so changes commit one after another
/// and the update sequence, taken under that lock, grows in commit order: a client that has read sequence N never later
/// finds a new row at or below N. Amounts are <c>numeric</c> (exact), dates <c>date</c>.
/// </summary>
public sealed class PostgresReceivableStore(NpgsqlDataSource database) : IReceivableStore
{
    /// <summary>The two-key advisory lock every receivable and payment change holds ("RECV", 0).</summary>
    private const int LockClass = 0x52454356;

    private const string Columns = """
        system, invoice_id, invoice_number, customer_hub_id, customer_name, currency, total, paid, credited, due, status, issue_date, due_date,
        source_version, source_updated_at, hash, payload::text, recorded_at, seq
        """;

    public async Task<ObservationOutcome> UpsertAsync(StoredReceivable receivable, OutgoingMessage? changeEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(receivable);
        return await ChangeAsync(
            c => c.Command("SELECT source_version, hash FROM receivables WHERE system = $1 AND invoice_id = $2").WithText(receivable.System).WithText(receivable.InvoiceId),
            receivable.SourceVersion, receivable.Hash,
            batch => batch.Statement("""
                INSERT INTO receivables (system, invoice_id, invoice_number, customer_hub_id, customer_name, currency, total, paid, credited, due,
                    status, issue_date, due_date, source_version, source_updated_at, hash, payload, recorded_at, seq)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, (SELECT COALESCE(MAX(seq), 0) + 1 FROM receivables))
                ON CONFLICT (system, invoice_id) DO UPDATE SET invoice_number = excluded.invoice_number, customer_hub_id = excluded.customer_hub_id,
                    customer_name = excluded.customer_name, currency = excluded.currency, total = excluded.total, paid = excluded.paid,
                    credited = excluded.credited, due = excluded.due, status = excluded.status, issue_date = excluded.issue_date,
                    due_date = excluded.due_date, source_version = excluded.source_version, source_updated_at = excluded.source_updated_at,
                    hash = excluded.hash, payload = excluded.payload, recorded_at = excluded.recorded_at, seq = excluded.seq
                """).WithText(receivable.System).WithText(receivable.InvoiceId).WithText(receivable.InvoiceNumber)
                .With(receivable.CustomerHubId, NpgsqlTypes.NpgsqlDbType.Uuid).WithText(receivable.CustomerName).WithText(receivable.Currency)
                .With(receivable.Total).With(receivable.Paid).With(receivable.Credited).With(receivable.Due).WithText(receivable.Status)
                .With(receivable.IssueDate, NpgsqlTypes.NpgsqlDbType.Date).With(receivable.DueDate, NpgsqlTypes.NpgsqlDbType.Date)
                .With(receivable.SourceVersion).With(receivable.SourceUpdatedAt.ToUniversalTime()).WithText(receivable.Hash)
                .WithJsonText(receivable.PayloadJson).With(receivable.RecordedAt.ToUniversalTime()),
            changeEvent, receivable.RecordedAt, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StoredReceivable>> ListAsync(ReceivableQuery query, long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var list = new List<StoredReceivable>();
        await foreach (var receivable in QueryAsync(query, afterSequence, limit, cancellationToken).ConfigureAwait(false))
        {
            list.Add(receivable);
        }

        return list;
    }

    public IAsyncEnumerable<StoredReceivable> StreamAsync(ReceivableQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return QueryAsync(query, 0, null, cancellationToken);
    }

    public async Task<ObservationOutcome> UpsertPaymentAsync(StoredPayment payment, OutgoingMessage? changeEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payment);
        return await ChangeAsync(
            c => c.Command("SELECT source_version, hash FROM payments WHERE system = $1 AND payment_id = $2").WithText(payment.System).WithText(payment.PaymentId),
            payment.SourceVersion, payment.Hash,
            batch => batch.Statement("""
                INSERT INTO payments (system, payment_id, invoice_id, customer_hub_id, currency, amount, paid_on, status, source_version, hash, payload, recorded_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                ON CONFLICT (system, payment_id) DO UPDATE SET invoice_id = excluded.invoice_id, customer_hub_id = excluded.customer_hub_id,
                    currency = excluded.currency, amount = excluded.amount, paid_on = excluded.paid_on, status = excluded.status,
                    source_version = excluded.source_version, hash = excluded.hash, payload = excluded.payload, recorded_at = excluded.recorded_at
                """).WithText(payment.System).WithText(payment.PaymentId).WithText(payment.InvoiceId).With(payment.CustomerHubId, NpgsqlTypes.NpgsqlDbType.Uuid)
                .WithText(payment.Currency).With(payment.Amount).With(payment.PaidOn).WithText(payment.Status).With(payment.SourceVersion)
                .WithText(payment.Hash).WithJsonText(payment.PayloadJson).With(payment.RecordedAt.ToUniversalTime()),
            changeEvent, payment.RecordedAt, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StoredPayment>> ListPaymentsAsync(Guid customer, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("""
            SELECT system, payment_id, invoice_id, customer_hub_id, currency, amount, paid_on, status, source_version, hash, payload::text, recorded_at
              FROM payments WHERE customer_hub_id = $1 ORDER BY paid_on, payment_id COLLATE "C"
            """).With(customer);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var payments = new List<StoredPayment>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            payments.Add(new StoredPayment(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetGuid(3),
                reader.TextOrNull(4), reader.GetDecimal(5), reader.GetFieldValue<DateOnly>(6), reader.GetString(7), reader.GetInt64(8), reader.GetString(9),
                reader.GetString(10), reader.GetFieldValue<DateTimeOffset>(11)));
        }

        return payments;
    }

    /// <summary>Under the receivables lock: read the stored version and hash, and write (with the event) only a change.</summary>
    private async Task<ObservationOutcome> ChangeAsync(Func<NpgsqlConnection, NpgsqlCommand> current, long version, string hash, Action<NpgsqlBatch> write,
        OutgoingMessage? changeEvent, DateTimeOffset recordedAt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var take = connection.Command("SELECT pg_advisory_xact_lock($1, 0)", tx).With(LockClass))
        {
            await take.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        ObservationOutcome outcome;
        await using (var read = current(connection))
        {
            read.Transaction = tx;
            await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            outcome = !await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ObservationOutcome.Changed
                : version < reader.GetInt64(0) ? ObservationOutcome.Stale
                : reader.GetString(1) == hash ? ObservationOutcome.Unchanged
                : ObservationOutcome.Changed;
        }

        if (outcome != ObservationOutcome.Changed)
        {
            return outcome;
        }

        await using (var batch = new NpgsqlBatch(connection, tx))
        {
            write(batch);
            if (changeEvent is not null)
            {
                batch.RecordEvent(changeEvent, recordedAt);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    private async IAsyncEnumerable<StoredReceivable> QueryAsync(ReceivableQuery q, long afterSequence, int? limit, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var sql = new StringBuilder("SELECT ").Append(Columns).Append(" FROM receivables WHERE seq > $1");
        var values = new List<(object? Value, NpgsqlTypes.NpgsqlDbType Type)> { (afterSequence, NpgsqlTypes.NpgsqlDbType.Bigint) };
        void Where(string clause, object? value, NpgsqlTypes.NpgsqlDbType type)
        {
            values.Add((value, type));
            sql.Append(" AND ").Append(clause.Replace("$?", "$" + values.Count, StringComparison.Ordinal));
        }

        if (q.Customer is { } customer)
        {
            Where("customer_hub_id = $?", customer, NpgsqlTypes.NpgsqlDbType.Uuid);
        }

        if (q.Status is { } status)
        {
            Where("status = $?", status, NpgsqlTypes.NpgsqlDbType.Text);
        }

        if (q.Currency is { } currency)
        {
            Where("currency = $?", currency, NpgsqlTypes.NpgsqlDbType.Text);
        }

        if (q.DueBefore is { } dueBefore)
        {
            Where("due_date < $?", dueBefore, NpgsqlTypes.NpgsqlDbType.Date);
        }

        if (q.UpdatedSince is { } since)
        {
            Where("source_updated_at >= $?", since.ToUniversalTime(), NpgsqlTypes.NpgsqlDbType.TimestampTz);
        }

        if (q.DueFrom is { } from)
        {
            Where("due_date >= $?", from, NpgsqlTypes.NpgsqlDbType.Date);
        }

        if (q.DueTo is { } to)
        {
            Where("due_date <= $?", to, NpgsqlTypes.NpgsqlDbType.Date);
        }

        if (q.IssuedOnOrBefore is { } issued)
        {
            Where("(issue_date IS NULL OR issue_date <= $?)", issued, NpgsqlTypes.NpgsqlDbType.Date);
        }

        if (q.AgedOnly)
        {
            sql.Append(" AND status = 'open' AND due <> 0 AND due_date IS NOT NULL");
        }

        sql.Append(" ORDER BY seq");
        if (limit is { } l)
        {
            values.Add((l, NpgsqlTypes.NpgsqlDbType.Integer));
            sql.Append(" LIMIT $").Append(values.Count);
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(sql.ToString());
        foreach (var (value, type) in values)
        {
            command.With(value, type);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new StoredReceivable(reader.GetString(0), reader.GetString(1), reader.TextOrNull(2), reader.IsDBNull(3) ? null : reader.GetGuid(3),
                reader.TextOrNull(4), reader.GetString(5), reader.GetDecimal(6), reader.GetDecimal(7), reader.GetDecimal(8), reader.GetDecimal(9), reader.GetString(10),
                reader.IsDBNull(11) ? null : reader.GetFieldValue<DateOnly>(11), reader.IsDBNull(12) ? null : reader.GetFieldValue<DateOnly>(12),
                reader.GetInt64(13), reader.GetFieldValue<DateTimeOffset>(14), reader.GetString(15), reader.GetString(16), reader.GetFieldValue<DateTimeOffset>(17),
                reader.GetInt64(18));
        }
    }
}
