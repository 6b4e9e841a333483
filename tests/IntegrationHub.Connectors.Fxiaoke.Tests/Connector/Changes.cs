namespace IntegrationHub.Connectors.Fxiaoke.Tests.Connector;

/// <summary>Drains a change reader the way a caller does: page by page, keeping the last page's cursor.</summary>
internal static class Changes
{
    public static async Task<(List<CanonicalRecord> Records, string? Cursor, int Pages)> ReadAllAsync(IChangeReader reader, string? cursor = null)
    {
        var records = new List<CanonicalRecord>();
        var pages = 0;
        await foreach (var page in reader.ReadChangesAsync(cursor))
        {
            records.AddRange(page.Records);
            cursor = page.Cursor;
            pages++;
        }

        return (records, cursor, pages);
    }
}
