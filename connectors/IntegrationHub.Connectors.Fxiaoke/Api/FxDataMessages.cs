using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace IntegrationHub.Connectors.Fxiaoke.Api;

public sealed record FxQueryRequest([property: JsonPropertyName("data")] FxQueryData Data);

public sealed record FxQueryData(
    [property: JsonPropertyName("dataObjectApiName")] string DataObjectApiName,
    [property: JsonPropertyName("search_query_info")] FxSearchQueryInfo SearchQueryInfo,
    [property: JsonPropertyName("find_explicit_total_num")] bool FindExplicitTotalNum = false);

public sealed record FxSearchQueryInfo(
    [property: JsonPropertyName("limit")] int Limit,
    [property: JsonPropertyName("offset")] int Offset,
    [property: JsonPropertyName("filters")] IReadOnlyList<FxFilter> Filters,
    [property: JsonPropertyName("orders")] IReadOnlyList<FxOrder> Orders);

public sealed record FxFilter(
    [property: JsonPropertyName("field_name")] string FieldName,
    [property: JsonPropertyName("field_values")] IReadOnlyList<string> FieldValues,
    [property: JsonPropertyName("operator")] string Operator);

public sealed record FxOrder(
    [property: JsonPropertyName("fieldName")] string FieldName,
    [property: JsonPropertyName("isAsc")] bool IsAsc);

public sealed record FxQueryResponse : FxResponse
{
    [JsonPropertyName("data")] public FxQueryResult? Data { get; init; }
}

public sealed record FxQueryResult
{
    /// <summary>The count of matching records (the vendor's <c>total</c>; given when the query asked for it with <c>find_explicit_total_num</c>).</summary>
    [JsonPropertyName("total")] public int Total { get; init; }
    [JsonPropertyName("dataList")] public IReadOnlyList<JsonObject> DataList { get; init; } = [];
}

public sealed record FxWriteRequest(
    [property: JsonPropertyName("data")] FxWriteData Data,
    [property: JsonPropertyName("triggerWorkFlow")] bool TriggerWorkFlow = false,
    [property: JsonPropertyName("triggerApprovalFlow")] bool TriggerApprovalFlow = false);

public sealed record FxWriteData(
    [property: JsonPropertyName("object_data")] JsonObject ObjectData,
    [property: JsonPropertyName("details")] JsonObject? Details = null);

public sealed record FxWriteResponse : FxResponse
{
    [JsonPropertyName("dataId")] public string? DataId { get; init; }
}
