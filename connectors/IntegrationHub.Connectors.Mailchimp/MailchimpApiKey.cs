namespace IntegrationHub.Connectors.Mailchimp;

/// <summary>What a Marketing API key tells: its data centre, and so the API's base URL.</summary>
public static class MailchimpApiKey
{
    /// <summary>The data centre after the key's last <c>-</c> (<c>...-us14</c> -> <c>us14</c>), or <see langword="null"/> when there is none.</summary>
    public static string? DataCenterOf(string apiKey)
    {
        var dash = apiKey.LastIndexOf('-');
        if (dash <= 0 || dash == apiKey.Length - 1)
        {
            return null;
        }

        var dc = apiKey[(dash + 1)..];
        return dc.All(char.IsAsciiLetterOrDigit) ? dc.ToLowerInvariant() : null;
    }

    /// <summary>The Marketing API 3.0 root of the key's data centre, e.g. <c>https://us14.api.mailchimp.com/3.0/</c>.</summary>
    public static string? BaseUrlOf(string apiKey) =>
        DataCenterOf(apiKey) is { } dc ? $"https://{dc}.api.mailchimp.com/3.0/" : null;
}
