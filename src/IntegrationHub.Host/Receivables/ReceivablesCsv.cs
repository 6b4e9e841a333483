using System.Globalization;
using CsvHelper;
using IntegrationHub.Storage;

namespace IntegrationHub.Host.Receivables;

/// <summary>
/// Receivables as RFC 4180 CSV (CsvHelper: CRLF line ends, fields quoted when they hold a comma, quote or line break),
/// UTF-8 without a byte order mark, one header row, amounts as plain invariant decimals with their scale, dates yyyy-MM-dd,
/// times ISO 8601 UTC. Text that a spreadsheet would run as a formula (starting with = + - @) gets a leading apostrophe
/// (CSV injection). Streamed: each row is written as the store reads it and the writer's buffer goes to the client
/// asynchronously whenever it fills, so memory stays constant for any number of rows.
/// </summary>
internal static class ReceivablesCsv
{
    private static readonly string[] Header =
    [
        "invoice_id", "invoice_number", "system", "customer_hub_id", "customer_name", "currency", "total", "paid", "credited", "due",
        "status", "issue_date", "due_date", "days_past_due", "bucket", "updated_at", "update_sequence",
    ];

    private static readonly CsvWriterOptions Options = new() { NewLine = "\r\n", Injection = CsvInjection.Escape, FormatProvider = CultureInfo.InvariantCulture };

    public static async Task WriteAsync(HttpResponse response, IAsyncEnumerable<StoredReceivable> rows, DateOnly asOf, CancellationToken cancellationToken)
    {
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"receivables-{asOf:yyyy-MM-dd}.csv\"";
        await using var csv = CsvWriter.Create(response.Body, Options, leaveOpen: true);
        csv.WriteHeader(Header);
        await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var view = ReceivableView.Of(row, asOf);
            csv.WriteField(view.InvoiceId);
            csv.WriteField(view.InvoiceNumber);
            csv.WriteField(view.System);
            csv.WriteField(view.CustomerHubId, "D");
            csv.WriteField(view.CustomerName);
            csv.WriteField(view.Currency);
            csv.WriteField(view.Total, "");
            csv.WriteField(view.Paid, "");
            csv.WriteField(view.Credited, "");
            csv.WriteField(view.Due, "");
            csv.WriteField(view.Status);
            csv.WriteField(view.IssueDate, "yyyy-MM-dd");
            csv.WriteField(view.DueDate, "yyyy-MM-dd");
            csv.WriteField(view.DaysPastDue, "");
            csv.WriteField(view.Bucket);
            csv.WriteField(view.UpdatedAt.UtcDateTime, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'");
            csv.WriteField(view.UpdateSequence, "");
            await csv.EndRecordAsync(cancellationToken);
        }

        await csv.FlushAsync(cancellationToken);
    }
}
