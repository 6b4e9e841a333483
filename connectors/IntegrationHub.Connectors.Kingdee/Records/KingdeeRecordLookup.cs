namespace IntegrationHub.Connectors.Kingdee.Records;

/// <summary>Gets one document by its number (<c>FNumber</c> / <c>FBillNo</c>, the external id) with <c>View</c>.</summary>
internal sealed class KingdeeRecordLookup(KingdeeClient client, IKingdeeMapping form) : IRecordLookup
{
    public async Task<CanonicalRecord?> GetAsync(string externalId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(externalId);
        var model = await client.ViewAsync(form.FormId, externalId, cancellationToken).ConfigureAwait(false);
        try
        {
            return model is { } found ? form.FromView(found) : null;
        }
        catch (FormatException ex)
        {
            throw KingdeeErrors.Unusable($"View {form.FormId}", $"a document the connector cannot read ({ex.Message})", ex);
        }
    }
}
