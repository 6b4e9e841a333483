namespace IntegrationHub.Connectors.Mailchimp;

/// <summary>
/// Mailchimp settings, bound from <c>Connectors:Mailchimp</c> and checked at start by <see cref="MailchimpOptionsValidator"/>.
/// The same section's HTTP keys (<c>BaseUrl</c>, <c>Timeout</c>, <c>Retry</c>, <c>Limits</c>, ...) belong to the shared
/// plumbing's <c>ConnectorHttpOptions</c>; <c>BaseUrl</c> defaults to the data centre named by the key's suffix.
/// </summary>
public sealed class MailchimpOptions
{
    public const string Section = "Connectors:Mailchimp";

    /// <summary>
    /// Secret; never logged. The Marketing API key, sent as the HTTP Basic password; its suffix after the last <c>-</c>
    /// names the data centre (<c>...-us14</c> -> <c>https://us14.api.mailchimp.com/3.0/</c>). Give it as
    /// <c>Connectors__Mailchimp__ApiKey</c>.
    /// </summary>
    public string ApiKey { get; set; } = "";

    /// <summary>The audience (list) whose members are the marketing contacts. No default.</summary>
    public string ListId { get; set; } = "";

    /// <summary>Members per page when reading changes (<c>count</c>, at most 1000). The default is 500.</summary>
    public int PageSize { get; set; } = 500;

    /// <summary>Member upserts of one batch sent at once (the connector's limiter still caps all calls at 10). The default is 4.</summary>
    public int MaxParallelUpserts { get; set; } = 4;

    /// <summary>
    /// Optional merge field (for example <c>HUBVER</c>, a number field created in the audience) where the connector keeps
    /// each member's source version: with it, an upsert first reads the member and skips an incoming record older than
    /// the stored one. Empty (the default) turns this off: Mailchimp itself keeps no version, so the last write wins.
    /// </summary>
    public string VersionMergeField { get; set; } = "";
}
