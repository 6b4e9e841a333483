using System.Globalization;
using System.Text.Json.Nodes;

namespace IntegrationHub.Connectors.Kingdee.Records;

/// <summary>
/// Upserts by number: K3Cloud has no upsert by external key, so one <c>ExecuteBillQuery</c> finds the documents that already
/// carry the batch's numbers (their id and stored source version), then one <c>BatchSave</c> writes the rest with their id
/// (0 creates). The answer's <c>SuccessEntitys</c> and <c>Errors</c> name models by <c>DIndex</c>, which becomes each
/// record's result. A record whose payload cannot be mapped fails alone without a call; a record older than the stored
/// source version (<see cref="KingdeeOptions.SourceVersionField"/>) is skipped; when one number appears several times in a
/// batch the highest source version is saved and the others are skipped.
/// </summary>
internal sealed class KingdeeRecordUpserter(KingdeeClient client, IKingdeeMapping form, KingdeeOptions options) : IBatchUpserter
{
    public async Task<IReadOnlyList<RecordUpsertResult>> UpsertAsync(IReadOnlyList<CanonicalRecord> records, CancellationToken cancellationToken = default)
    {
        var results = new RecordUpsertResult?[records.Count];
        var numbers = new string?[records.Count];
        for (var i = 0; i < records.Count; i++)
        {
            try
            {
                numbers[i] = form.NumberOf(records[i]);
            }
            catch (FormatException ex)
            {
                results[i] = Invalid(records[i], ex);
            }
        }

        var existing = await FindAsync(numbers.OfType<string>().Distinct(StringComparer.Ordinal).ToArray(), cancellationToken).ConfigureAwait(false);
        var winners = Enumerable.Range(0, records.Count).Where(i => numbers[i] is not null)
            .GroupBy(i => numbers[i]!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(i => records[i].SourceVersion).ThenByDescending(i => i).First(), StringComparer.Ordinal);

        var models = new List<JsonObject>();
        var modelOf = new List<int>();
        for (var i = 0; i < records.Count; i++)
        {
            if (numbers[i] is not { } number || results[i] is not null)
            {
                continue;
            }

            var found = existing.GetValueOrDefault(number);
            if (winners[number] != i || (found.Version is { } stored && stored > records[i].SourceVersion))
            {
                results[i] = new RecordUpsertResult(records[i].Identity, RecordUpsertStatus.Skipped, number);
                continue;
            }

            try
            {
                models.Add(form.ToModel(records[i], found.Id));
                modelOf.Add(i);
            }
            catch (FormatException ex)
            {
                results[i] = Invalid(records[i], ex);
            }
        }

        if (models.Count > 0)
        {
            var status = await client.BatchSaveAsync(form.FormId, form.HeaderKeys[0], models, [form.HeaderKeys[0], form.HeaderKeys[1]], cancellationToken).ConfigureAwait(false);
            Apply(status, records, numbers, modelOf, models, results);
        }

        // A superseded duplicate shares the failure of the record chosen for its number (it was not written either).
        for (var i = 0; i < records.Count; i++)
        {
            if (results[i] is { Status: RecordUpsertStatus.Skipped } skipped && numbers[i] is { } number && winners[number] != i
                && results[winners[number]] is { Succeeded: false } failed)
            {
                results[i] = RecordUpsertResult.Failed(failed.Error! with { Record = skipped.Record });
            }
        }

        return results.Select((r, i) => r ?? throw new InvalidOperationException($"record {i} has no result")).ToArray();
    }

    private void Apply(KdResponseStatus status, IReadOnlyList<CanonicalRecord> records, string?[] numbers, List<int> modelOf, List<JsonObject> models, RecordUpsertResult?[] results)
    {
        var errors = status.Errors.Where(e => e.DIndex >= 0 && e.DIndex < models.Count).ToLookup(e => e.DIndex);
        var saved = status.SuccessEntities.Where(e => e.DIndex >= 0 && e.DIndex < models.Count).ToDictionary(e => e.DIndex);
        if (!status.IsSuccess && saved.Count == 0 && !errors.Any())
        {
            throw KingdeeErrors.From($"BatchSave {form.FormId}", status); // the call failed as a whole
        }

        var code = status.MsgCode.ToString(CultureInfo.InvariantCulture);
        for (var m = 0; m < models.Count; m++)
        {
            var i = modelOf[m];
            var record = records[i];
            if (errors[m].Any())
            {
                var message = string.Join("; ", errors[m].Select(KingdeeErrors.Describe));
                results[i] = RecordUpsertResult.Failed(new RecordError(record.Identity, code, message, Retryable: KingdeeErrors.IsTransient(status.MsgCode)));
            }
            else if (saved.TryGetValue(m, out var entity))
            {
                var created = models[m][form.HeaderKeys[0]]?.GetValue<long>() == 0;
                results[i] = RecordUpsertResult.Ok(record.Identity, entity.Number ?? numbers[i]!, created ? RecordUpsertStatus.Created : RecordUpsertStatus.Updated);
            }
            else
            {
                results[i] = RecordUpsertResult.Failed(new RecordError(record.Identity, code, "K3Cloud answered neither success nor an error for this record", Retryable: true));
            }
        }
    }

    private async Task<Dictionary<string, (long Id, long? Version)>> FindAsync(string[] numbers, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, (long, long?)>(StringComparer.Ordinal);
        var keys = new List<string> { form.HeaderKeys[0], form.HeaderKeys[1] };
        if (options.SourceVersionField.Length > 0)
        {
            keys.Add(options.SourceVersionField);
        }

        foreach (var chunk in numbers.Chunk(options.PageSize))
        {
            var filter = $"{form.HeaderKeys[1]} IN ({string.Join(",", chunk.Select(KingdeeValues.Quote))})";
            var rows = await client.ExecuteBillQueryAsync(new KdQuery(form.FormId, string.Join(",", keys), filter, "", 0, options.PageSize), cancellationToken).ConfigureAwait(false);
            foreach (var row in rows)
            {
                try
                {
                    long? version = keys.Count > 2 && row[2].ValueKind == System.Text.Json.JsonValueKind.Number ? row[2].GetInt64() : null;
                    found[KingdeeValues.Text(row[1]) ?? ""] = (KingdeeValues.Long(row[0], form.HeaderKeys[0]), version is > 0 ? version : null);
                }
                catch (FormatException ex)
                {
                    throw KingdeeErrors.Unusable($"ExecuteBillQuery {form.FormId}", $"a row the connector cannot read ({ex.Message})", ex);
                }
            }
        }

        return found;
    }

    private static RecordUpsertResult Invalid(CanonicalRecord record, FormatException ex) =>
        RecordUpsertResult.Failed(new RecordError(record.Identity, "invalid", ex.Message));
}
