using System.Security.Cryptography;

namespace IntegrationHub.Sandbox.Mailchimp;

/// <summary>
/// What a client needs for the Mailchimp sandbox: an API key (fresh per start, so no secret lives in the repo; its data
/// centre suffix is <c>-sandbox</c>, a host that does not exist, so the base URL must be given) and the audience id.
/// </summary>
public sealed record MailchimpCredentials(string ApiKey, string ListId)
{
    public static MailchimpCredentials Generate() => new(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) + "-sandbox", "a1b2c3d4e5");
}
