using System.Text.Json;
using System.Text.Json.Serialization;

namespace IntegrationHub.Connectors.Salesforce.Records;

/// <summary>
/// Where a read resumes: the <c>SystemModstamp</c> and <c>Id</c> of the last record delivered. The next query asks for
/// <c>SystemModstamp &gt; t OR (SystemModstamp = t AND Id &gt; id)</c> in <c>SystemModstamp, Id</c> order, so records sharing the
/// boundary timestamp are neither skipped nor repeated. Serialized as compact JSON; opaque to everyone else.
/// </summary>
internal sealed record SalesforceCursor(
    [property: JsonPropertyName("t")] DateTimeOffset Modified,
    [property: JsonPropertyName("id")] string Id)
{
    /// <returns><see langword="null"/> for a read from the beginning.</returns>
    /// <exception cref="ConnectorPermanentException">The text is not a cursor this connector made.</exception>
    public static SalesforceCursor? Parse(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }

        try
        {
            var parsed = JsonSerializer.Deserialize<SalesforceCursor>(cursor);
            return parsed is { Id: { } id } && SalesforceIds.IsId(id) ? parsed : throw new JsonException("not a Salesforce id");
        }
        catch (JsonException ex)
        {
            throw new ConnectorPermanentException(SalesforceJson.System, "salesforce: the change cursor is not one this connector made", ex);
        }
    }

    /// <summary>The SOQL condition that selects what comes after this cursor.</summary>
    public string After() =>
        $"SystemModstamp > {SalesforceDates.Soql(Modified)} OR (SystemModstamp = {SalesforceDates.Soql(Modified)} AND Id > '{Id}')";

    public override string ToString() => JsonSerializer.Serialize(this);
}
