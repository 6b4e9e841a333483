
namespace IntegrationHub.Connectors.Fxiaoke.Records;

/// <summary>
/// Upserts records of one object one at a time (Fxiaoke has no batch or external-key upsert): find the record by
/// <see cref="FxiaokeObjectMapping.KeyField"/> = the incoming external id, skip it when its stored source version is newer,
/// else update it by <c>_id</c> or create it. Query-then-create also makes a create whose answer was lost safe to run again:
/// the retried batch finds the record and updates it.
/// </summary>
internal sealed class FxiaokeRecordUpserter(FxiaokeClient client, FxiaokeQueries queries, FxiaokeObjectMapping map) : IBatchUpserter
{
    public Task<IReadOnlyList<RecordUpsertResult>> UpsertAsync(IReadOnlyList<CanonicalRecord> records, CancellationToken cancellationToken = default) =>
        FxiaokeRecordFailures.EachAsync(records, record => UpsertOneAsync(record, cancellationToken));

    private async Task<RecordUpsertResult> UpsertOneAsync(CanonicalRecord record, CancellationToken cancellationToken)
    {
        if (record.Entity != map.Entity)
        {
            return RecordUpsertResult.Failed(new RecordError(record.Identity, FxiaokePayload.InvalidPayload,
                $"a {record.Entity} record sent to the fxiaoke {map.Entity} upserter"));
        }

        var fields = await map.ToFieldsAsync(record, queries, cancellationToken).ConfigureAwait(false);
        var existing = await queries.FindAsync(map.ObjectApiName, map.KeyField, record.ExternalId, cancellationToken).ConfigureAwait(false);
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
