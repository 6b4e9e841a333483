using System.Globalization;
using System.Text.Json;

namespace IntegrationHub.Connectors.Kingdee.Api;

/// <summary>
/// K3Cloud's <c>Result.ResponseStatus</c>: <c>IsSuccess</c>, <c>ErrorCode</c>, <c>MsgCode</c>, <c>Errors[{FieldName, Message, DIndex}]</c>
/// and <c>SuccessEntitys[{Id, Number, DIndex}]</c>, where <c>DIndex</c> is the position of the model in the request.
/// </summary>
internal sealed record KdResponseStatus(
    bool IsSuccess, int ErrorCode, int MsgCode, IReadOnlyList<KdError> Errors, IReadOnlyList<KdSuccessEntity> SuccessEntities)
{
    /// <summary>MsgCode 1: the session (context) is lost; log in again and replay the call.</summary>
    public const int SessionLost = 1;

    /// <summary>MsgCode 13: network control conflict (another user holds the document); retry later.</summary>
    public const int NetworkControlConflict = 13;

    /// <summary>MsgCode 14: call limit reached; retry later.</summary>
    public const int CallLimit = 14;

    /// <summary>
    /// The status of an answer: <c>{Result:{ResponseStatus}}</c> (Save, BatchSave, View) or, for a failed
    /// <c>ExecuteBillQuery</c>, the same object nested in the row arrays (<c>[[{Result:{ResponseStatus}}]]</c>).
    /// </summary>
    public static KdResponseStatus? Find(JsonElement root)
    {
        var holder = root;
        while (holder.ValueKind == JsonValueKind.Array && holder.GetArrayLength() > 0)
        {
            holder = holder[0];
        }

        return holder.ValueKind == JsonValueKind.Object
            && holder.TryGetProperty("Result", out var result) && result.ValueKind == JsonValueKind.Object
            && result.TryGetProperty("ResponseStatus", out var status) && status.ValueKind == JsonValueKind.Object
            ? Read(status)
            : null;
    }

    private static KdResponseStatus Read(JsonElement status) => new(
        status.TryGetProperty("IsSuccess", out var ok) && ok.ValueKind == JsonValueKind.True,
        Int(status, "ErrorCode"),
        Int(status, "MsgCode"),
        Items(status, "Errors").Select(e => new KdError(Text(e, "FieldName"), Text(e, "Message"), Int(e, "DIndex"))).ToArray(),
        Items(status, "SuccessEntitys").Select(e => new KdSuccessEntity(Text(e, "Id") ?? "", Text(e, "Number"), Int(e, "DIndex"))).ToArray());

    private static IEnumerable<JsonElement> Items(JsonElement o, string name) =>
        o.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Array ? a.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object) : [];

    private static int Int(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i
        : v.ValueKind == JsonValueKind.String && int.TryParse(v.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out i) ? i : 0;

    internal static string? Text(JsonElement o, string name) => o.TryGetProperty(name, out var v) ? v.ValueKind switch
    {
        JsonValueKind.String => v.GetString(),
        JsonValueKind.Number => v.GetRawText(),
        _ => null,
    } : null;
}

/// <summary>One refusal; <see cref="DIndex"/> is the index of the refused model in the request.</summary>
internal sealed record KdError(string? FieldName, string? Message, int DIndex);

/// <summary>One saved model: its internal id (FID / FCUSTID), number and index in the request.</summary>
internal sealed record KdSuccessEntity(string Id, string? Number, int DIndex);
