using System.Text.Json.Nodes;

namespace IntegrationHub.Connectors.Fxiaoke.Records;

/// <summary>The query shapes the connector uses, over <see cref="FxiaokeClient.QueryAsync"/>.</summary>
internal sealed class FxiaokeQueries(FxiaokeClient client)
{
    /// <summary>The Fxiaoke query API's largest page.</summary>
    public const int MaxLimit = 100;

    public async Task<IReadOnlyList<JsonObject>> PageAsync(
        string objectApiName, IReadOnlyList<FxFilter> filters, IReadOnlyList<FxOrder> orders, int limit, CancellationToken cancellationToken)
    {
        var response = await client.QueryAsync(
            new FxQueryRequest(new FxQueryData(objectApiName, new FxSearchQueryInfo(limit, Offset: 0, filters, orders))), cancellationToken).ConfigureAwait(false);
        return response.Data?.DataList ?? [];
    }

    /// <summary>The oldest record whose <paramref name="field"/> equals <paramref name="value"/> (two would mean a duplicate made by hand), or null.</summary>
    public async Task<JsonObject?> FindAsync(string objectApiName, string field, string value, CancellationToken cancellationToken)
    {
        var page = await PageAsync(objectApiName, [new FxFilter(field, [value], "EQ")], [new FxOrder("create_time", IsAsc: true)], 2, cancellationToken)
            .ConfigureAwait(false);
        return page.Count > 0 ? page[0] : null;
    }
}
