using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Identity;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Connectors.Salesforce.Records;

/// <summary>
/// Upserts one sObject by its hub-id external id field with the Composite sObject Collections API
/// (<c>PATCH /composite/sobjects/X/Hub_Id__c</c>, <c>allOrNone=false</c>, 200 records per call), so each record gets its own
/// answer: a refused record becomes its <see cref="RecordError"/> (Salesforce's <c>statusCode</c>, message and fields) and the
/// others are written. Before each call one SOQL query reads the stored source versions of the chunk, and an incoming record
/// older than the stored one is <see cref="RecordUpsertStatus.Skipped"/>. The external id value is
/// <see cref="HubIds.For(string, string, string)"/> of the record's identity. The same record twice in one batch is sent once
/// (its newest version); the other occurrences answer Skipped with that outcome.
/// </summary>
internal sealed class SalesforceRecordUpserter(SalesforceClient client, ISalesforceMapping mapping, IOptions<SalesforceOptions> options) : IBatchUpserter
{
    public const int MaxPerCall = 200;
    private static readonly HashSet<string> RetryableCodes = ["UNABLE_TO_LOCK_ROW", "REQUEST_RUNNING_TOO_LONG"];

    public async Task<IReadOnlyList<RecordUpsertResult>> UpsertAsync(IReadOnlyList<CanonicalRecord> records, CancellationToken cancellationToken = default)
    {
        var o = options.Value;
        var results = new RecordUpsertResult[records.Count];
        var writes = new List<(int Index, string HubId, JsonObject Body)>();
        for (var i = 0; i < records.Count; i++)
        {
            try
            {
                var fields = mapping.ToWrite(records[i], o);
                var hubId = HubIds.For(records[i].System, records[i].Entity.Name, records[i].ExternalId).ToString();
                var body = new JsonObject { ["attributes"] = new JsonObject { ["type"] = mapping.SObject } };
                foreach (var (name, value) in fields.ToList())
                {
                    fields.Remove(name);
                    body[name] = value;
                }

                body[o.ExternalIdField] = hubId;
                body[o.SourceVersionField] = records[i].SourceVersion;
                writes.Add((i, hubId, body));
            }
            catch (ConnectorRecordException ex)
            {
                results[i] = RecordUpsertResult.Failed(ex.Error);
            }
        }

        foreach (var chunk in writes.Chunk(MaxPerCall))
        {
            await UpsertChunkAsync(records, chunk, results, o, cancellationToken).ConfigureAwait(false);
        }

        return results;
    }

    private async Task UpsertChunkAsync(
        IReadOnlyList<CanonicalRecord> records, (int Index, string HubId, JsonObject Body)[] chunk, RecordUpsertResult[] results, SalesforceOptions o, CancellationToken cancellationToken)
    {
        var stored = await StoredVersionsAsync(chunk.Select(w => w.HubId), o, cancellationToken).ConfigureAwait(false);
        var send = new List<(int Index, string HubId, JsonObject Body)>();
        foreach (var write in chunk)
        {
            var record = records[write.Index];
            if (stored.TryGetValue(write.HubId, out var existing) && existing.Version > record.SourceVersion)
            {
                results[write.Index] = RecordUpsertResult.Ok(record.Identity, existing.Id, RecordUpsertStatus.Skipped);
            }
            else
            {
                send.Add(write);
            }
        }

        // The same record twice in one call (a redelivery in the batch) would be refused by Salesforce as a duplicate
        // external id: only the newest version is sent; the others answer as skipped with its outcome.
        var winners = send.GroupBy(w => w.HubId, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.OrderBy(w => records[w.Index].SourceVersion).ThenBy(w => w.Index).Last()).OrderBy(w => w.Index).ToList();
        if (winners.Count == 0)
        {
            return;
        }

        var answers = await client.UpsertCollectionAsync(mapping.SObject, o.ExternalIdField, new JsonArray(winners.Select(s => (JsonNode)s.Body).ToArray()), cancellationToken)
            .ConfigureAwait(false);
        if (answers.Count != winners.Count)
        {
            throw new ConnectorPermanentException(SalesforceJson.System, $"salesforce: the {mapping.SObject} collection upsert answered {answers.Count} results for {winners.Count} records");
        }

        var byHubId = new Dictionary<string, RecordUpsertResult>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < winners.Count; i++)
        {
            var record = records[winners[i].Index];
            var answer = answers[i];
            results[winners[i].Index] = byHubId[winners[i].HubId] = answer is { Success: true, Id: { } id }
                ? RecordUpsertResult.Ok(record.Identity, id, answer.Created ? RecordUpsertStatus.Created : RecordUpsertStatus.Updated)
                : RecordUpsertResult.Failed(ErrorOf(record, answer));
        }

        foreach (var duplicate in send.Where(w => results[w.Index] is null))
        {
            var winner = byHubId[duplicate.HubId];
            var identity = records[duplicate.Index].Identity;
            results[duplicate.Index] = winner.Error is { } error
                ? RecordUpsertResult.Failed(error with { Record = identity })
                : RecordUpsertResult.Ok(identity, winner.TargetId!, RecordUpsertStatus.Skipped);
        }
    }

    private async Task<Dictionary<string, (string Id, long Version)>> StoredVersionsAsync(IEnumerable<string> hubIds, SalesforceOptions o, CancellationToken cancellationToken)
    {
        // Hub ids are UUIDs (hex and '-'), safe inside a SOQL string literal.
        var soql = $"SELECT Id, {o.ExternalIdField}, {o.SourceVersionField} FROM {mapping.SObject} WHERE {o.ExternalIdField} IN ({string.Join(", ", hubIds.Select(h => $"'{h}'"))})";
        var stored = new Dictionary<string, (string, long)>(StringComparer.OrdinalIgnoreCase);
        var batch = await client.QueryAsync(soql, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            foreach (var row in batch.Records)
            {
                if (SalesforceJson.Text(row, o.ExternalIdField) is { } hubId && SalesforceJson.Text(row, "Id") is { } id)
                {
                    stored[hubId] = (id, Version(SalesforceJson.Property(row, o.SourceVersionField)));
                }
            }

            if (batch.Done || batch.NextRecordsUrl is null)
            {
                return stored;
            }

            batch = await client.QueryMoreAsync(batch.NextRecordsUrl, cancellationToken).ConfigureAwait(false);
        }
    }

    private static long Version(JsonElement? value) => value switch
    {
        { ValueKind: JsonValueKind.Number } n => (long)n.GetDecimal(),
        { ValueKind: JsonValueKind.String } s when long.TryParse(s.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) => v,
        _ => 0,
    };

    private static RecordError ErrorOf(CanonicalRecord record, SalesforceSaveResult answer)
    {
        if (answer.Errors.Count == 0)
        {
            return new RecordError(record.Identity, "UNKNOWN", "Salesforce refused the record without an error");
        }

        var first = answer.Errors[0];
        var message = string.Join("; ", answer.Errors.Select(e => e.Fields.Count > 0 ? $"{e.Message} [{string.Join(", ", e.Fields)}]" : e.Message));
        return new RecordError(record.Identity, first.Code, message, RetryableCodes.Contains(first.Code));
    }
}
