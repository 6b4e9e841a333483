using System.Security.Cryptography;
using System.Text;

namespace IntegrationHub.Connectors.Mailchimp.Members;

/// <summary>Mailchimp's member id: the MD5 of the lower-cased email address, as 32 lower-case hex digits.</summary>
public static class SubscriberHash
{
    public static string Of(string email)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
#pragma warning disable CA5351 // MD5 is the vendor's identifier scheme, not used for security
        return Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant())));
#pragma warning restore CA5351
    }

    /// <summary>True for a value that is already a subscriber hash (32 hex digits).</summary>
    public static bool IsHash(string value) => value.Length == 32 && value.All(char.IsAsciiHexDigit);
}
