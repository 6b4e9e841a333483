namespace IntegrationHub.Connectors.Fxiaoke.Records;

/// <summary>Reads one record by its Fxiaoke <c>_id</c> (query with <c>_id EQ</c>).</summary>
internal sealed class FxiaokeRecordLookup(FxiaokeQueries queries, FxiaokeObjectMapping map) : IRecordLookup
{
    public async Task<CanonicalRecord?> GetAsync(string externalId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(externalId);
        var page = await queries.PageAsync(map.ObjectApiName, [new FxFilter("_id", [externalId], "EQ")], [], 1, cancellationToken).ConfigureAwait(false);
        return page.Count > 0 ? map.ToCanonical(page[0]) : null;
    }
}
