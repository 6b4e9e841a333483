using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Connectors.Xero.Receivables;

/// <summary>
/// Upserts receivables by invoice number: one <c>GET Invoices?InvoiceNumbers=...</c> finds those that exist (updated by their
/// InvoiceID, the others created), then one <c>POST Invoices?summarizeErrors=false</c> writes the batch; each answered
/// invoice's <c>StatusAttributeString</c> and <c>ValidationErrors</c> become that record's result (matched by position, which
/// Xero keeps). A record that cannot be mapped fails alone without a call; when one number appears several times in a batch
/// the highest source version is written and the others are skipped.
/// <para>Xero invoices have no field for a foreign source version, so an older redelivery of a record that is alone in its
/// batch does overwrite a newer one: callers order by source version (Kafka keys keep one record's versions in order).</para>
/// </summary>
internal sealed class XeroReceivableUpserter(XeroClient client, IOptions<XeroOptions> options) : IBatchUpserter
{
    public async Task<IReadOnlyList<RecordUpsertResult>> UpsertAsync(IReadOnlyList<CanonicalRecord> records, CancellationToken cancellationToken = default)
    {
        var results = new RecordUpsertResult?[records.Count];
        var numbers = new string?[records.Count];
        for (var i = 0; i < records.Count; i++)
        {
            try
            {
                numbers[i] = XeroReceivableMapping.NumberOf(records[i]);
            }
            catch (FormatException ex)
            {
                results[i] = Invalid(records[i], ex);
            }
        }

        var distinct = numbers.OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        var existing = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var chunk in distinct.Chunk(XeroClient.PageSize))
        {
            foreach (var invoice in await client.GetReceivablesByNumberAsync(chunk, cancellationToken).ConfigureAwait(false))
            {
                if (XeroReceivableMapping.Text(invoice, "InvoiceNumber") is { } number && XeroReceivableMapping.Text(invoice, "InvoiceID") is { } id)
                {
                    existing[number] = id;
                }
            }
        }

        var winners = Enumerable.Range(0, records.Count).Where(i => numbers[i] is not null && results[i] is null)
            .GroupBy(i => numbers[i]!, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(i => records[i].SourceVersion).ThenByDescending(i => i).First(), StringComparer.OrdinalIgnoreCase);
        var invoices = new JsonArray();
        var sent = new List<int>();
        foreach (var (number, i) in winners)
        {
            try
            {
                invoices.Add(XeroReceivableMapping.ToInvoice(records[i], existing.GetValueOrDefault(number), options.Value.LineAmountTypes));
                sent.Add(i);
            }
            catch (FormatException ex)
            {
                results[i] = Invalid(records[i], ex);
            }
        }

        if (invoices.Count > 0)
        {
            var answers = await client.PostInvoicesAsync(invoices, cancellationToken).ConfigureAwait(false);
            for (var k = 0; k < sent.Count; k++)
            {
                var i = sent[k];
                results[i] = Result(records[i], answers[k], existing.ContainsKey(numbers[i]!));
            }
        }

        // Superseded duplicates share the outcome of the record written for their number.
        for (var i = 0; i < records.Count; i++)
        {
            if (results[i] is null && numbers[i] is { } number && results[winners[number]] is { } written)
            {
                results[i] = written.Succeeded
                    ? new RecordUpsertResult(records[i].Identity, RecordUpsertStatus.Skipped, written.TargetId)
                    : RecordUpsertResult.Failed(written.Error! with { Record = records[i].Identity });
            }
        }

        return results.Select((r, i) => r ?? throw new InvalidOperationException($"record {i} has no result")).ToArray();
    }

    private static RecordUpsertResult Result(CanonicalRecord record, JsonElement answer, bool existed)
    {
        var status = XeroReceivableMapping.Text(answer, "StatusAttributeString");
        var messages = answer.TryGetProperty("ValidationErrors", out var errors) && errors.ValueKind == JsonValueKind.Array
            ? errors.EnumerateArray().Select(e => XeroReceivableMapping.Text(e, "Message")).OfType<string>().ToArray()
            : [];
        if (status == "ERROR" || messages.Length > 0 && status != "OK" && status != "WARNING")
        {
            return RecordUpsertResult.Failed(new RecordError(record.Identity, "ValidationException",
                messages.Length > 0 ? string.Join("; ", messages) : "Xero refused the invoice without a message"));
        }

        return XeroReceivableMapping.Text(answer, "InvoiceID") is { } id && id != Guid.Empty.ToString()
            ? RecordUpsertResult.Ok(record.Identity, id, existed ? RecordUpsertStatus.Updated : RecordUpsertStatus.Created)
            : RecordUpsertResult.Failed(new RecordError(record.Identity, "NoInvoiceID", "Xero answered OK without an InvoiceID", Retryable: true));
    }

    private static RecordUpsertResult Invalid(CanonicalRecord record, FormatException ex) =>
        RecordUpsertResult.Failed(new RecordError(record.Identity, "invalid", ex.Message));
}
