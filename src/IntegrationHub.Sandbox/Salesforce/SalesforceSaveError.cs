using System.Text.Json.Nodes;

namespace IntegrationHub.Sandbox.Salesforce;

/// <summary>Why a record was not saved, as Salesforce says it: <c>statusCode</c>, <c>message</c>, <c>fields</c>.</summary>
internal sealed record SalesforceSaveError(string StatusCode, string Message, params string[] Fields)
{
    public JsonObject ToJson() => new()
    {
        ["statusCode"] = StatusCode,
        ["message"] = Message,
        ["fields"] = new JsonArray(Fields.Select(f => (JsonNode)JsonValue.Create(f)!).ToArray()),
    };

    /// <summary>The top-level error array shape (<c>errorCode</c> instead of <c>statusCode</c>).</summary>
    public JsonArray ToErrorArray() => [new JsonObject
    {
        ["message"] = Message,
        ["errorCode"] = StatusCode,
        ["fields"] = new JsonArray(Fields.Select(f => (JsonNode)JsonValue.Create(f)!).ToArray()),
    }];
}
