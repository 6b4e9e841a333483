using System.Text.Json.Nodes;
using IntegrationHub.Testing;
using WireMock.Logging;

namespace IntegrationHub.Connectors.Kingdee.Tests.Client;

/// <summary>WireMock.Net playing K3Cloud with <c>Mappings/kingdee/*.json</c>, plus the per-test answers the contract tests add.</summary>
internal static class KingdeeMock
{
    public const string ValidateUser = "/" + KingdeeClient.LoginPath;
    public const string ExecuteBillQuery = "/" + KingdeeClient.QueryPath;
    public const string BatchSave = "/" + KingdeeClient.BatchSavePath;
    public const string View = "/" + KingdeeClient.ViewPath;

    public static VendorMock Start() => VendorMock.Start("kingdee");

    public static string? Session(this ILogEntry call) =>
        call.RequestMessage.Headers!.TryGetValue("Cookie", out var cookie)
            ? cookie.SelectMany(c => c.Split(';')).Select(c => c.Trim().Split('=', 2)).Where(p => p is ["kdservice-sessionid", _]).Select(p => p[1]).FirstOrDefault()
            : null;

    public static JsonNode Body(this ILogEntry call) => JsonNode.Parse(call.RequestMessage.Body!)!;

    /// <summary>K3Cloud's failure status, as Save/View answer it; <paramref name="nested"/> as ExecuteBillQuery does (<c>[[...]]</c>).</summary>
    public static string Failure(int msgCode, string message, bool nested = false)
    {
        var status = new JsonObject
        {
            ["Result"] = new JsonObject
            {
                ["ResponseStatus"] = new JsonObject
                {
                    ["ErrorCode"] = 500,
                    ["IsSuccess"] = false,
                    ["Errors"] = new JsonArray(new JsonObject { ["FieldName"] = null, ["Message"] = message, ["DIndex"] = 0 }),
                    ["SuccessEntitys"] = new JsonArray(),
                    ["SuccessMessages"] = new JsonArray(),
                    ["MsgCode"] = msgCode,
                },
            },
        }.ToJsonString();
        return nested ? $"[[{status}]]" : status;
    }
}
