using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Connectors.Fxiaoke.Records;

namespace IntegrationHub.Connectors.Fxiaoke.Accounts;

/// <summary>
/// Writes a customer's value (entity <c>customer-value</c>) onto its existing <c>AccountObj</c>, never creating one:
/// payload <c>accountId</c> (required), <c>tier</c> -> <c>value_tier__c</c>, <c>stage</c> -> <c>lifecycle_stage__c</c>,
/// <c>rfm</c> (e.g. <c>R5 F4 M3</c>) -> <c>rfm__c</c>, <c>lifetimeValue</c> and <c>currency</c> -> <c>clv__c</c> and
/// <c>clv_currency__c</c>, <c>dsoDays</c> -> <c>dso_days__c</c>, <c>onTimeShare</c> (0-1) -> <c>on_time_payment_share__c</c>
/// (the last two may be null: no sales, no paid invoices). An account that no longer exists fails that record.
/// </summary>
internal sealed class FxiaokeAccountValueUpserter(FxiaokeClient client) : IBatchUpserter
{
    public static readonly CanonicalEntity Entity = new("customer-value");

    public Task<IReadOnlyList<RecordUpsertResult>> UpsertAsync(IReadOnlyList<CanonicalRecord> records, CancellationToken cancellationToken = default) =>
        FxiaokeRecordFailures.EachAsync(records, record => UpdateAsync(record, cancellationToken));

    private async Task<RecordUpsertResult> UpdateAsync(CanonicalRecord record, CancellationToken cancellationToken)
    {
        var payload = new FxiaokePayload(record);
        var accountId = payload.Text("accountId", required: true)!;
        var share = payload.Money("onTimeShare");
        if (share is < 0 or > 1)
        {
            throw payload.Invalid($"onTimeShare {share} must be between 0 and 1");
        }

        var fields = new JsonObject
        {
            ["dataObjectApiName"] = "AccountObj",
            ["_id"] = accountId,
            ["value_tier__c"] = payload.Text("tier", required: true),
            ["lifecycle_stage__c"] = payload.Text("stage", required: true),
            ["rfm__c"] = payload.Text("rfm", required: true),
            ["clv__c"] = payload.Money("lifetimeValue", required: true),
            ["clv_currency__c"] = payload.Text("currency", required: true),
            ["dso_days__c"] = payload.Money("dsoDays"),
            ["on_time_payment_share__c"] = share,
        };
        await client.UpdateAsync(new FxWriteRequest(new FxWriteData(fields)), cancellationToken).ConfigureAwait(false);
        return RecordUpsertResult.Ok(record.Identity, accountId, RecordUpsertStatus.Updated);
    }
}
