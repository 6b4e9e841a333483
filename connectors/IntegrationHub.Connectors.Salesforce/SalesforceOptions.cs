namespace IntegrationHub.Connectors.Salesforce;

/// <summary>
/// Salesforce settings, bound from <c>Connectors:Salesforce</c> and checked at start by <see cref="SalesforceOptionsValidator"/>.
/// The same section's HTTP keys belong to the shared plumbing's <c>ConnectorHttpOptions</c>; there <c>BaseUrl</c> is the org's
/// My Domain login URL (<c>https://MyDomainName.my.salesforce.com</c>), where the token is requested. Data calls go to the
/// <c>instance_url</c> the token answer names.
/// </summary>
public sealed class SalesforceOptions
{
    public const string Section = "Connectors:Salesforce";

    /// <summary>The connected app's consumer key (OAuth 2.0 client credentials flow). No default.</summary>
    public string ClientId { get; set; } = "";

    /// <summary>Secret; never logged. The connected app's consumer secret; give it as <c>Connectors__Salesforce__ClientSecret</c>.</summary>
    public string ClientSecret { get; set; } = "";

    /// <summary>REST API version, <c>NN.0</c>. The default is 62.0.</summary>
    public string ApiVersion { get; set; } = "62.0";

    /// <summary>The external id field (unique, External ID) on Account and Order that holds the hub id. The default is <c>Hub_Id__c</c>.</summary>
    public string ExternalIdField { get; set; } = "Hub_Id__c";

    /// <summary>Number field on Account and Order holding the source version; an older incoming version is skipped. The default is <c>Hub_Source_Version__c</c>.</summary>
    public string SourceVersionField { get; set; } = "Hub_Source_Version__c";

    /// <summary>Records per query batch (<c>Sforce-Query-Options: batchSize</c>, 200-2000). The default is 2000.</summary>
    public int QueryBatchSize { get; set; } = 2000;

    /// <summary>Whether the org has multiple currencies enabled (then <c>CurrencyIsoCode</c> is read and written). The default is false.</summary>
    public bool MultiCurrency { get; set; }

    /// <summary>The org's corporate currency (ISO 4217), the currency of every amount when <see cref="MultiCurrency"/> is off. The default is USD.</summary>
    public string CorporateCurrency { get; set; } = "USD";

    /// <summary>
    /// How long a session lives (the org's session timeout; Salesforce's token answer carries no lifetime). The token is renewed
    /// a minute before, and at once when a call answers 401 INVALID_SESSION_ID. The default is 1 hour.
    /// </summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(1);
}
