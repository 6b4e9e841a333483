using System.Text.Json.Nodes;

namespace IntegrationHub.Connectors.Fxiaoke.Records;

/// <summary>
/// Upserts records of one object one at a time (Fxiaoke has no batch or external-key upsert): find the record by
/// <see cref="FxiaokeObjectMapping.KeyField"/> = the incoming external id, skip it when its stored source version is newer,
/// else update it by <c>_id</c> or create it. Query-then-create also makes a create whose answer was lost safe to run again:
/// the retried batch finds the record and updates it. A batch is looked up with one <c>IN</c> query per 100 keys instead
/// of one query per record (the query interface's 60 calls per 20 s are shared by every read of the CRM); a record run
/// again after a failed attempt, or a second record with the same key, is looked up afresh.
/// </summary>
internal sealed class FxiaokeRecordUpserter(FxiaokeClient client, FxiaokeQueries queries, FxiaokeObjectMapping map) : IBatchUpserter
{
    public async Task<IReadOnlyList<RecordUpsertResult>> UpsertAsync(IReadOnlyList<CanonicalRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var found = records.Count > 1
            ? await ExistingAsync([.. records.Where(r => r.Entity == map.Entity).Select(r => r.ExternalId).Distinct(StringComparer.Ordinal)], cancellationToken).ConfigureAwait(false)
            : [];
        return await FxiaokeRecordFailures.EachAsync(records, record => UpsertOneAsync(record, found, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// The stored record of each key (null: none), from one query per <see cref="FxiaokeQueries.MaxLimit"/> keys; a chunk
    /// whose answer is a full page (keys duplicated by hand) leaves its missing keys out, to be looked up one by one.
    /// </summary>
    private async Task<Dictionary<string, JsonObject?>> ExistingAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, JsonObject?>(StringComparer.Ordinal);
        foreach (var chunk in keys.Chunk(FxiaokeQueries.MaxLimit))
        {
            var page = await queries.PageAsync(map.ObjectApiName, [new FxFilter(map.KeyField, chunk, "IN")], [new FxOrder("create_time", IsAsc: true)],
                FxiaokeQueries.MaxLimit, cancellationToken).ConfigureAwait(false);
            foreach (var record in page)
            {
                if (FxiaokeObjectMapping.Text(record, map.KeyField) is { } key)
                {
                    found.TryAdd(key, record); // the oldest, as FindAsync
                }
            }

            if (page.Count < FxiaokeQueries.MaxLimit)
            {
                foreach (var key in chunk)
                {
                    found.TryAdd(key, null);
                }
            }
        }

        return found;
    }

    private async Task<RecordUpsertResult> UpsertOneAsync(CanonicalRecord record, Dictionary<string, JsonObject?> found, CancellationToken cancellationToken)
    {
        if (record.Entity != map.Entity)
        {
            return RecordUpsertResult.Failed(new RecordError(record.Identity, FxiaokePayload.InvalidPayload,
                $"a {record.Entity} record sent to the fxiaoke {map.Entity} upserter"));
        }

        var fields = await map.ToFieldsAsync(record, queries, cancellationToken).ConfigureAwait(false);
        // The batch's lookup serves the first attempt of the first record with a key; a retry or a repeat looks again.
        var existing = found.Remove(record.ExternalId, out var prefetched)
            ? prefetched
            : await queries.FindAsync(map.ObjectApiName, map.KeyField, record.ExternalId, cancellationToken).ConfigureAwait(false);
        fields["dataObjectApiName"] = map.ObjectApiName;
        fields[map.KeyField] = record.ExternalId;
        fields[map.VersionField] = record.SourceVersion;
        if (existing is null)
        {
            var created = await client.CreateAsync(new FxWriteRequest(new FxWriteData(fields)), cancellationToken).ConfigureAwait(false);
            var id = created.DataId ?? throw FxiaokeErrors.Unusable("create", "no dataId", created.TraceId ?? "-");
            return RecordUpsertResult.Ok(record.Identity, id, RecordUpsertStatus.Created);
        }

        var existingId = FxiaokeObjectMapping.Text(existing, "_id")!;
        if (FxiaokeObjectMapping.Long(existing, map.VersionField) is { } stored && stored > record.SourceVersion)
        {
            return RecordUpsertResult.Ok(record.Identity, existingId, RecordUpsertStatus.Skipped);
        }

        fields["_id"] = existingId;
        await client.UpdateAsync(new FxWriteRequest(new FxWriteData(fields)), cancellationToken).ConfigureAwait(false);
        return RecordUpsertResult.Ok(record.Identity, existingId, RecordUpsertStatus.Updated);
    }
}
