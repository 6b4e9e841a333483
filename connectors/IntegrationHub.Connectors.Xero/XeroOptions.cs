using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Connectors.Xero;

/// <summary>
/// Xero settings of the connector, bound from <c>Connectors:Xero</c>. The same section holds the shared plumbing's HTTP
/// settings (<c>BaseUrl</c>, e.g. <c>https://api.xero.com/</c>, <c>Timeout</c>, <c>Retry</c>, <c>Limits</c>, defaults from Xero's
/// published limits) and the OAuth2 client credentials of a custom connection (<c>OAuth2:TokenUrl</c>
/// <c>https://identity.xero.com/connect/token</c>, <c>OAuth2:ClientId</c>, <c>OAuth2:ClientSecret</c>, <c>OAuth2:Scope</c>).
/// </summary>
public sealed class XeroOptions
{
    public const string Section = "Connectors:Xero";

    /// <summary>The organisation (tenant) every call addresses, sent as <c>xero-tenant-id</c>. No default.</summary>
    [Required(ErrorMessage = "Connectors:Xero:TenantId is required (the organisation's tenant id, sent as xero-tenant-id).")]
    public string TenantId { get; set; } = "";

    /// <summary>The path of the Accounting API under <c>BaseUrl</c>. The default is <c>api.xro/2.0</c>.</summary>
    [Required(ErrorMessage = "Connectors:Xero:ApiPath is required (normally api.xro/2.0).")]
    public string ApiPath { get; set; } = "api.xro/2.0";

    /// <summary>Line amounts of written invoices when the record does not say (Exclusive, Inclusive, NoTax). The default is Exclusive.</summary>
    [RegularExpression("^(Exclusive|Inclusive|NoTax)$", ErrorMessage = "Connectors:Xero:LineAmountTypes must be Exclusive, Inclusive or NoTax.")]
    public string LineAmountTypes { get; set; } = "Exclusive";
}
