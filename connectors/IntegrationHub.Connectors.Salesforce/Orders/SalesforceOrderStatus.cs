namespace IntegrationHub.Connectors.Salesforce.Orders;

/// <summary>
/// Order status: every Order <c>Status</c> picklist value belongs to a category, read as <c>StatusCode</c> (<c>Draft</c> or
/// <c>Activated</c>); the category is what the hub maps, so an org's custom status labels still map. Canonical order
/// statuses: <c>draft</c>, <c>confirmed</c>.
/// </summary>
public static class SalesforceOrderStatus
{
    public static string? ToCanonical(string? statusCode) => statusCode switch
    {
        "Draft" => "draft",
        "Activated" => "confirmed",
        _ => null,
    };

    /// <summary>Canonical -> the standard <c>Status</c> value to write; <see langword="null"/> when Salesforce has none.</summary>
    public static string? ToVendor(string? canonical) => canonical switch
    {
        null or "draft" => "Draft",
        "confirmed" => "Activated",
        _ => null,
    };
}
