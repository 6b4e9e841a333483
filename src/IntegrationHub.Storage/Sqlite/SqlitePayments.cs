using System.Globalization;
using Dapper;
using IntegrationHub.Messaging;
using static IntegrationHub.Storage.Sqlite.SqliteTime;

namespace IntegrationHub.Storage.Sqlite;

/// <summary>Payments in <c>payments</c> (part of <see cref="SqliteReceivableStore"/>): one <c>BEGIN IMMEDIATE</c> transaction per change, event included.</summary>
internal static class SqlitePayments
{
    public static async Task<ObservationOutcome> UpsertAsync(SqliteConnectionFactory connections, StoredPayment payment, OutgoingMessage? changeEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payment);
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = connection.BeginTransaction(deferred: false);
        var current = await connection.QuerySingleOrDefaultAsync<Current>(
            "SELECT source_version AS SourceVersion, hash AS Hash FROM payments WHERE system = @System AND payment_id = @PaymentId",
            new { payment.System, payment.PaymentId }, tx).ConfigureAwait(false);
        var outcome = current switch
        {
            { } c when payment.SourceVersion < c.SourceVersion => ObservationOutcome.Stale,
            { } c when c.Hash == payment.Hash => ObservationOutcome.Unchanged,
            _ => ObservationOutcome.Changed,
        };
        if (outcome == ObservationOutcome.Changed)
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO payments (system, payment_id, invoice_id, customer_hub_id, currency, amount, paid_on, status, source_version, hash, payload, recorded_at)
                VALUES (@System, @PaymentId, @InvoiceId, @customer, @Currency, @amount, @paidOn, @Status, @SourceVersion, @Hash, @PayloadJson, @recordedAt)
                ON CONFLICT (system, payment_id) DO UPDATE SET invoice_id = excluded.invoice_id, customer_hub_id = excluded.customer_hub_id,
                    currency = excluded.currency, amount = excluded.amount, paid_on = excluded.paid_on, status = excluded.status,
                    source_version = excluded.source_version, hash = excluded.hash, payload = excluded.payload, recorded_at = excluded.recorded_at
                """,
                new
                {
                    payment.System, payment.PaymentId, payment.InvoiceId, customer = payment.CustomerHubId?.ToString(), payment.Currency,
                    amount = payment.Amount.ToString(CultureInfo.InvariantCulture), paidOn = payment.PaidOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    payment.Status, payment.SourceVersion, payment.Hash, payment.PayloadJson, recordedAt = Stamp(payment.RecordedAt),
                }, tx).ConfigureAwait(false);
            if (changeEvent is not null)
            {
                await SqliteRecordEvents.InsertAsync(connection, tx, changeEvent, payment.RecordedAt).ConfigureAwait(false);
            }
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    public static async Task<IReadOnlyList<StoredPayment>> ListAsync(SqliteConnectionFactory connections, Guid customer, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            """
            SELECT system AS System, payment_id AS PaymentId, invoice_id AS InvoiceId, customer_hub_id AS CustomerHubId, currency AS Currency,
                   amount AS Amount, paid_on AS PaidOn, status AS Status, source_version AS SourceVersion, hash AS Hash, payload AS Payload, recorded_at AS RecordedAt
              FROM payments WHERE customer_hub_id = @customer ORDER BY paid_on, payment_id
            """, new { customer = customer.ToString() }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => new StoredPayment(r.System, r.PaymentId, r.InvoiceId, r.CustomerHubId is null ? null : Guid.Parse(r.CustomerHubId), r.Currency,
            decimal.Parse(r.Amount, NumberStyles.Number, CultureInfo.InvariantCulture), DateOnly.ParseExact(r.PaidOn, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            r.Status, r.SourceVersion, r.Hash, r.Payload, Parse(r.RecordedAt)))];
    }

    private sealed record Current(long SourceVersion, string Hash);

    private sealed record Row(string System, string PaymentId, string InvoiceId, string? CustomerHubId, string? Currency, string Amount, string PaidOn,
        string Status, long SourceVersion, string Hash, string Payload, string RecordedAt);
}
