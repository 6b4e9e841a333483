using System.Text.Json.Serialization;

namespace IntegrationHub.Connectors.Kingdee.Api;

/// <summary>
/// <c>ExecuteBillQuery</c>'s <c>data</c>: the form, the field keys (comma-separated, answered positionally in this order), a
/// filter, an order and the window <c>StartRow</c>/<c>Limit</c> (at most 2000 rows).
/// </summary>
internal sealed record KdQuery(
    [property: JsonPropertyName("FormId")] string FormId,
    [property: JsonPropertyName("FieldKeys")] string FieldKeys,
    [property: JsonPropertyName("FilterString")] string FilterString,
    [property: JsonPropertyName("OrderString")] string OrderString,
    [property: JsonPropertyName("StartRow")] int StartRow,
    [property: JsonPropertyName("Limit")] int Limit,
    [property: JsonPropertyName("TopRowCount")] int TopRowCount = 0);
