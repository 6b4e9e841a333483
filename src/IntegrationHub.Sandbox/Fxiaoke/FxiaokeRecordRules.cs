using System.Text.Json;
using System.Text.Json.Nodes;

namespace IntegrationHub.Sandbox.Fxiaoke;

/// <summary>
/// The field rules the sandbox CRM enforces on create and update, so connectors meet per-record refusals: required fields,
/// references to existing records (<c>account_id</c>, <c>order_id</c>), amounts that must be numbers and life states.
/// </summary>
internal static class FxiaokeRecordRules
{
    public static (int Code, string Message)? Check(FxiaokeRecordStore store, string api, JsonObject fields, bool creating)
    {
        switch (api)
        {
            case "AccountObj":
                return Required(fields, "name", creating);
            case "SalesOrderObj":
                return Required(fields, "account_id", creating)
                    ?? Reference(store, fields, "account_id", "AccountObj")
                    ?? Amount(fields, "order_amount", required: false, positive: false);
            case "PaymentObj":
                return Required(fields, "account_id", creating)
                    ?? Reference(store, fields, "account_id", "AccountObj")
                    ?? Reference(store, fields, "order_id", "SalesOrderObj")
                    ?? Amount(fields, "payment_amount", required: creating, positive: true)
                    ?? Choice(fields, "life_status", LifeStatuses);
            default:
                return null;
        }
    }

    /// <summary>Fxiaoke's data life states: a record is voided by setting it <c>invalid</c>.</summary>
    private static readonly string[] LifeStatuses = ["ineffective", "under_review", "normal", "in_change", "invalid"];

    private static (int, string)? Choice(JsonObject fields, string name, string[] values) =>
        fields[name] is not null && !values.Contains(FxiaokeQueryFilter.Text(fields[name]))
            ? (FxiaokeSandboxEndpoints.BadRequest, $"field {name} must be one of {string.Join(", ", values)}")
            : null;

    private static (int, string)? Required(JsonObject fields, string name, bool creating)
    {
        if (!creating && !fields.ContainsKey(name))
        {
            return null;
        }

        return string.IsNullOrWhiteSpace(FxiaokeQueryFilter.Text(fields[name]))
            ? (FxiaokeSandboxEndpoints.BadRequest, $"field {name} is required")
            : null;
    }

    private static (int, string)? Reference(FxiaokeRecordStore store, JsonObject fields, string name, string target) =>
        FxiaokeQueryFilter.Text(fields[name]) is { Length: > 0 } id && store.Get(target, id) is null
            ? (FxiaokeSandboxEndpoints.NotFound, $"field {name}: no {target} with _id {id}")
            : null;

    private static (int, string)? Amount(JsonObject fields, string name, bool required, bool positive)
    {
        if (fields[name] is null)
        {
            return required ? (FxiaokeSandboxEndpoints.BadRequest, $"field {name} is required") : null;
        }

        return fields[name] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.GetValue<decimal>() is var amount && (positive ? amount > 0 : amount >= 0)
            ? null
            : (FxiaokeSandboxEndpoints.BadRequest, $"field {name} must be a number {(positive ? "above" : "of at least")} 0");
    }
}
