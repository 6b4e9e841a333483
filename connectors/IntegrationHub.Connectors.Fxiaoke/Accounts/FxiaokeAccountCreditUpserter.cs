using System.Text.Json;
using IntegrationHub.Connectors.Fxiaoke.Records;

namespace IntegrationHub.Connectors.Fxiaoke.Accounts;

/// <summary>
/// Writes a customer's credit standing (entity <c>customer-credit</c>) onto its existing <c>AccountObj</c>, never creating
/// one: payload <c>accountId</c> (required), <c>overdueAmounts</c> (text, e.g. <c>CNY 1200.00; USD 40.00</c>: one amount per
/// currency, never converted; empty when nothing is overdue) -> <c>overdue_amounts__c</c>, <c>oldestOverdueDays</c> -> <c>oldest_overdue_days__c</c>,
/// <c>creditStatus</c> (ok, watch, hold) -> <c>credit_status__c</c>, <c>asOf</c> (yyyy-MM-dd) -> <c>credit_as_of__c</c>. An
/// account that no longer exists fails that record (Fxiaoke's not-found code).
/// </summary>
internal sealed class FxiaokeAccountCreditUpserter(FxiaokeClient client) : IBatchUpserter
{
    public static readonly CanonicalEntity Entity = new("customer-credit");

    private static readonly string[] Statuses = ["ok", "watch", "hold"];

    public Task<IReadOnlyList<RecordUpsertResult>> UpsertAsync(IReadOnlyList<CanonicalRecord> records, CancellationToken cancellationToken = default) =>
        FxiaokeRecordFailures.EachAsync(records, record => UpdateAsync(record, cancellationToken));

    private async Task<RecordUpsertResult> UpdateAsync(CanonicalRecord record, CancellationToken cancellationToken)
    {
        var payload = new FxiaokePayload(record);
        var accountId = payload.Text("accountId", required: true)!;
        var status = payload.Text("creditStatus", required: true)!;
        if (!Statuses.Contains(status))
        {
            throw payload.Invalid($"creditStatus '{status}' must be one of {string.Join(", ", Statuses)}");
        }

        var days = record.Payload.TryGetProperty("oldestOverdueDays", out var d) && d.ValueKind == JsonValueKind.Number && d.TryGetInt32(out var n) && n >= 0
            ? n
            : throw payload.Invalid("oldestOverdueDays must be a whole number of at least 0");
        var overdue = !record.Payload.TryGetProperty("overdueAmounts", out var o) || o.ValueKind == JsonValueKind.Null
            ? ""
            : o.ValueKind == JsonValueKind.String ? o.GetString()! : throw payload.Invalid("overdueAmounts must be text (empty when nothing is overdue)");
        var fields = new System.Text.Json.Nodes.JsonObject
        {
            ["dataObjectApiName"] = "AccountObj",
            ["_id"] = accountId,
            ["overdue_amounts__c"] = overdue,
            ["oldest_overdue_days__c"] = days,
            ["credit_status__c"] = status,
            ["credit_as_of__c"] = payload.Text("asOf"),
        };
        await client.UpdateAsync(new FxWriteRequest(new FxWriteData(fields)), cancellationToken).ConfigureAwait(false);
        return RecordUpsertResult.Ok(record.Identity, accountId, RecordUpsertStatus.Updated);
    }
}
