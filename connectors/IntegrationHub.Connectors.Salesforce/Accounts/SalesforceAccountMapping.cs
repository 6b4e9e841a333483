using System.Text.Json;
using System.Text.Json.Nodes;
using static IntegrationHub.Connectors.Salesforce.Records.SalesforceJson;


namespace IntegrationHub.Connectors.Salesforce.Accounts;

/// <summary>
/// Account <-> canonical customer: <c>customerNumber</c> (AccountNumber), <c>name</c>, <c>phone</c>, <c>website</c>,
/// <c>address</c> {<c>street</c>, <c>city</c>, <c>region</c>, <c>postalCode</c>, <c>country</c>} (Billing*), <c>currency</c>,
/// <c>lastModified</c>.
/// </summary>
internal sealed class SalesforceAccountMapping : ISalesforceMapping
{
    public CanonicalEntity Entity => CanonicalEntity.Customer;

    public string SObject => "Account";

    public IReadOnlyList<string> Fields(SalesforceOptions options) =>
    [
        "Id", "Name", "AccountNumber", "Phone", "Website", "BillingStreet", "BillingCity", "BillingState", "BillingPostalCode", "BillingCountry",
        "SystemModstamp", options.ExternalIdField, .. options.MultiCurrency ? new[] { "CurrencyIsoCode" } : [],
    ];

    public CanonicalRecord ToCanonical(JsonElement record, SalesforceOptions options)
    {
        var (id, modified) = IdAndModstamp(record, SObject);
        var payload = new JsonObject
        {
            ["customerNumber"] = Text(record, "AccountNumber"),
            ["name"] = Text(record, "Name"),
            ["phone"] = Text(record, "Phone"),
            ["website"] = Text(record, "Website"),
            ["address"] = Text(record, "BillingStreet") is null && Text(record, "BillingCity") is null ? null : new JsonObject
            {
                ["street"] = Text(record, "BillingStreet"),
                ["city"] = Text(record, "BillingCity"),
                ["region"] = Text(record, "BillingState"),
                ["postalCode"] = Text(record, "BillingPostalCode"),
                ["country"] = Text(record, "BillingCountry"),
            },
            ["currency"] = options.MultiCurrency ? Text(record, "CurrencyIsoCode") : options.CorporateCurrency,
            ["hubId"] = Text(record, options.ExternalIdField),
            ["lastModified"] = SalesforceDates.Iso(modified),
        };
        return new CanonicalRecord(SalesforceJson.System, Entity, id, modified.ToUnixTimeMilliseconds(), JsonSerializer.SerializeToElement(payload));
    }

    public JsonObject ToWrite(CanonicalRecord record, SalesforceOptions options)
    {
        var p = record.Payload;
        var name = Text(p, "name") ?? throw Refused(record, "REQUIRED_FIELD_MISSING", "a customer needs a 'name' (Account.Name)");
        var fields = new JsonObject { ["Name"] = name };
        Put(fields, "AccountNumber", Text(p, "customerNumber"));
        Put(fields, "Phone", Text(p, "phone"));
        Put(fields, "Website", Text(p, "website"));
        if (Property(p, "address") is { ValueKind: JsonValueKind.Object } address)
        {
            Put(fields, "BillingStreet", Text(address, "street"));
            Put(fields, "BillingCity", Text(address, "city"));
            Put(fields, "BillingState", Text(address, "region"));
            Put(fields, "BillingPostalCode", Text(address, "postalCode"));
            Put(fields, "BillingCountry", Text(address, "country"));
        }

        SalesforceCurrency.Write(fields, record, Text(p, "currency"), options);
        return fields;
    }
}
