using System.Text.Json;
using System.Text.Json.Nodes;

namespace IntegrationHub.Connectors.Xero.Records;

/// <summary>
/// Upserts records of one <see cref="IXeroDocument"/> by their number: one <c>GET</c> per 50 numbers finds those that exist
/// (updated by their Xero id, the others created), then one <c>POST ...?summarizeErrors=false</c> per 50 writes the batch; each
/// answered item's <c>StatusAttributeString</c> and <c>ValidationErrors</c> become that record's result (matched by position,
/// which Xero keeps). A record that cannot be mapped fails alone without a call; when one number appears several times in a
/// batch the highest source version is written and the others are skipped.
/// <para>Xero documents have no field for a foreign source version: the hub's own store of what it wrote (see
/// <c>Connector.Upsert</c>) keeps an older redelivery from overwriting a newer write.</para>
/// </summary>
internal sealed class XeroRecordUpserter(XeroClient client, IXeroDocument document) : IBatchUpserter
{
    public async Task<IReadOnlyList<RecordUpsertResult>> UpsertAsync(IReadOnlyList<CanonicalRecord> records, CancellationToken cancellationToken = default)
    {
        var results = new RecordUpsertResult?[records.Count];
        var numbers = new string?[records.Count];
        for (var i = 0; i < records.Count; i++)
        {
            try
            {
                numbers[i] = document.NumberOf(records[i]);
            }
            catch (FormatException ex)
            {
                results[i] = Invalid(records[i], ex);
            }
        }

        var existing = await ExistingAsync(numbers.OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToArray(), cancellationToken).ConfigureAwait(false);
        var winners = Enumerable.Range(0, records.Count).Where(i => numbers[i] is not null && results[i] is null)
            .GroupBy(i => numbers[i]!, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(i => records[i].SourceVersion).ThenByDescending(i => i).First(), StringComparer.OrdinalIgnoreCase);
        var items = new JsonArray();
        var sent = new List<int>();
        foreach (var (number, i) in winners)
        {
            try
            {
                items.Add(document.ToXero(records[i], existing.GetValueOrDefault(number)));
                sent.Add(i);
            }
            catch (FormatException ex)
            {
                results[i] = Invalid(records[i], ex);
            }
        }

        for (var start = 0; start < items.Count; start += XeroClient.MaxBatch)
        {
            var count = Math.Min(XeroClient.MaxBatch, items.Count - start);
            var chunk = new JsonArray([.. items.Skip(start).Take(count).Select(item => item!.DeepClone())]);
            var answers = await client.PostAsync(document.Collection, chunk, cancellationToken).ConfigureAwait(false);
            for (var k = 0; k < count; k++)
            {
                var i = sent[start + k];
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

    private async Task<Dictionary<string, string>> ExistingAsync(string[] numbers, CancellationToken cancellationToken)
    {
        var existing = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var chunk in numbers.Chunk(XeroClient.MaxBatch))
        {
            foreach (var item in await client.GetWhereAsync(document.Collection, document.ByNumbers(chunk), cancellationToken).ConfigureAwait(false))
            {
                if (Text(item, document.NumberField) is { } number && Text(item, document.IdField) is { } id && document.Accepts(item))
                {
                    existing[number] = id;
                }
            }
        }

        return existing;
    }

    private RecordUpsertResult Result(CanonicalRecord record, JsonElement answer, bool existed)
    {
        var status = Text(answer, "StatusAttributeString");
        var messages = answer.TryGetProperty("ValidationErrors", out var errors) && errors.ValueKind == JsonValueKind.Array
            ? errors.EnumerateArray().Select(e => Text(e, "Message")).OfType<string>().ToArray()
            : [];
        if (status == "ERROR" || messages.Length > 0 && status != "OK" && status != "WARNING")
        {
            return RecordUpsertResult.Failed(new RecordError(record.Identity, "ValidationException",
                messages.Length > 0 ? string.Join("; ", messages) : $"Xero refused the {document.Entity} without a message"));
        }

        return Text(answer, document.IdField) is { } id && id != Guid.Empty.ToString()
            ? RecordUpsertResult.Ok(record.Identity, id, existed ? RecordUpsertStatus.Updated : RecordUpsertStatus.Created)
            : RecordUpsertResult.Failed(new RecordError(record.Identity, "No" + document.IdField, $"Xero answered OK without a {document.IdField}", Retryable: true));
    }

    private static string? Text(JsonElement o, string name) => XeroJson.Text(o, name);

    private static RecordUpsertResult Invalid(CanonicalRecord record, FormatException ex) =>
        RecordUpsertResult.Failed(new RecordError(record.Identity, "invalid", ex.Message));
}
