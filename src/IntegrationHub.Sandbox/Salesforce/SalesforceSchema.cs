namespace IntegrationHub.Sandbox.Salesforce;

/// <summary>The sObjects the sandbox org has, with their fields (a single-currency org: no <c>CurrencyIsoCode</c>).</summary>
internal sealed record SalesforceSchema(string Name, string KeyPrefix, IReadOnlySet<string> Writable, IReadOnlySet<string> ReadOnly, IReadOnlyList<string> Required)
{
    public const string ExternalIdField = "Hub_Id__c";
    public const string VersionField = "Hub_Source_Version__c";
    private static readonly string[] System = ["Id", "SystemModstamp", "CreatedDate", "LastModifiedDate"];

    public static readonly SalesforceSchema Account = new(
        "Account",
        "001",
        new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Name", "AccountNumber", "Phone", "Website", "BillingStreet", "BillingCity", "BillingState", "BillingPostalCode", "BillingCountry",
            "Industry", ExternalIdField, VersionField,
        },
        new HashSet<string>(System, StringComparer.OrdinalIgnoreCase),
        ["Name"]);

    public static readonly SalesforceSchema Order = new(
        "Order",
        "801",
        new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "AccountId", "EffectiveDate", "Status", "OrderReferenceNumber", "Description", ExternalIdField, VersionField,
        },
        new HashSet<string>([.. System, "OrderNumber", "StatusCode", "TotalAmount"], StringComparer.OrdinalIgnoreCase),
        ["AccountId", "EffectiveDate", "Status"]);

    public static readonly IReadOnlyDictionary<string, SalesforceSchema> All =
        new Dictionary<string, SalesforceSchema>(StringComparer.OrdinalIgnoreCase) { ["Account"] = Account, ["Order"] = Order };

    public static readonly IReadOnlySet<string> OrderStatuses = new HashSet<string>(StringComparer.Ordinal) { "Draft", "Activated" };

    public bool Has(string field) => Writable.Contains(field) || ReadOnly.Contains(field);
}
