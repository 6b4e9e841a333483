using IntegrationHub.Identity;
using System.Text.Json.Nodes;

namespace IntegrationHub.Connectors.Fxiaoke.Accounts;

/// <summary>
/// <c>AccountObj</c> ↔ customer. Payload: <c>customerNumber</c> (<c>erp_customer_no__c</c>), <c>name</c>, <c>valueTier</c>
/// (<c>value_tier__c</c>), <c>phone</c> (<c>tel</c>), <c>email</c>, <c>address</c>, <c>creditCode</c> (the unified social credit code,
/// <c>credit_code__c</c>). Upserts require <c>name</c>; the record's
/// external id becomes <c>erp_customer_no__c</c>.
/// </summary>
internal sealed class FxiaokeAccountMapping : FxiaokeObjectMapping
{
    public override string ObjectApiName => "AccountObj";

    public override CanonicalEntity Entity => CanonicalEntity.Customer;

    public override string KeyField => "erp_customer_no__c";

    public override string VersionField => "erp_version__c";

    public override JsonObject ToPayload(JsonObject record) => new()
    {
        ["customerNumber"] = Text(record, KeyField),
        ["name"] = Text(record, "name"),
        ["valueTier"] = Text(record, "value_tier__c"),
        ["phone"] = Text(record, "tel"),
        ["email"] = Text(record, "email"),
        ["address"] = Text(record, "address"),
        ["creditCode"] = Text(record, "credit_code__c"),
    };

    public override Task<JsonObject> ToFieldsAsync(CanonicalRecord record, FxiaokeQueries queries, CancellationToken cancellationToken)
    {
        var payload = new FxiaokePayload(record);
        var fields = new JsonObject
        {
            ["name"] = payload.Text("name", required: true),
            ["hub_id__c"] = HubIds.For(record.System, record.Entity.Name, record.ExternalId).ToString(),
        };
        Optional(fields, "value_tier__c", payload.Text("valueTier"));
        Optional(fields, "tel", payload.Text("phone"));
        Optional(fields, "email", payload.Text("email"));
        Optional(fields, "address", payload.Text("address"));
        Optional(fields, "credit_code__c", payload.Text("creditCode"));
        return Task.FromResult(fields);
    }

    private static void Optional(JsonObject fields, string name, string? value)
    {
        if (value is not null)
        {
            fields[name] = value;
        }
    }
}
