namespace IntegrationHub.Connectors.Hosting.Activities;

/// <summary>
/// Which system owns which field of a canonical record: <c>Records:Ownership:&lt;entity&gt;:&lt;field&gt; = system[,system]</c>.
/// A change to an owned field from any other system is ignored (the stored value stays) and counted; a field nobody
/// owns takes the latest value from anyone; an empty value removes a default owner. Defaults: the CRM (fxiaoke) owns a
/// customer's name and contact fields, finance (xero) its credit fields; the ERP (kingdee, and erp for pushed orders)
/// owns an order's lines, prices, tax and totals.
/// </summary>
public sealed class RecordOwnershipOptions
{
    public const string Section = "Records:Ownership";

    public Dictionary<string, Dictionary<string, string>> Entities { get; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["customer"] = new(StringComparer.Ordinal)
        {
            ["name"] = "fxiaoke",
            ["phone"] = "fxiaoke",
            ["email"] = "fxiaoke",
            ["address"] = "fxiaoke",
            ["contacts"] = "fxiaoke",
            ["creditLimit"] = "xero",
            ["creditStatus"] = "xero",
        },
        ["order"] = new(StringComparer.Ordinal)
        {
            ["lines"] = "kingdee,erp",
            ["currency"] = "kingdee,erp",
            ["totalAmount"] = "kingdee,erp",
            ["taxAmount"] = "kingdee,erp",
        },
    };

    /// <summary>The systems owning <paramref name="field"/> of <paramref name="entity"/>; empty when anyone may change it.</summary>
    public IReadOnlyCollection<string> OwnersOf(CanonicalEntity entity, string field) =>
        Entities.TryGetValue(entity.Name, out var fields) && fields.TryGetValue(field, out var owners)
            ? owners.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];
}
