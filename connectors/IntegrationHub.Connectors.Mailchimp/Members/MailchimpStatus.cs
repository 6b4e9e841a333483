namespace IntegrationHub.Connectors.Mailchimp.Members;

/// <summary>
/// Mailchimp member statuses and the canonical marketing-contact statuses: <c>subscribed</c>, <c>unsubscribed</c>,
/// <c>pending</c> (double opt-in not confirmed), <c>bounced</c> (Mailchimp <c>cleaned</c>), <c>transactional</c> (no marketing
/// consent), <c>archived</c>.
/// </summary>
public static class MailchimpStatus
{
    /// <summary>Vendor -> canonical; <see langword="null"/> for a status this connector does not know.</summary>
    public static string? ToCanonical(string? vendor) => vendor switch
    {
        "subscribed" => "subscribed",
        "unsubscribed" => "unsubscribed",
        "cleaned" => "bounced",
        "pending" => "pending",
        "transactional" => "transactional",
        "archived" => "archived",
        _ => null,
    };

    /// <summary>
    /// Canonical -> the status Mailchimp accepts in a write; <see langword="null"/> when Mailchimp does not let a client set it
    /// (<c>cleaned</c> and <c>archived</c> are Mailchimp's own decisions) or the status is unknown.
    /// </summary>
    public static string? ToVendor(string? canonical) => canonical switch
    {
        "subscribed" => "subscribed",
        "unsubscribed" => "unsubscribed",
        "pending" => "pending",
        "transactional" => "transactional",
        _ => null,
    };
}
