using System.Globalization;

namespace IntegrationHub.Sandbox.Salesforce;

/// <summary>Salesforce datetimes: JSON <c>2026-11-23T08:15:30.000+0000</c>; SOQL literals <c>...Z</c> or <c>...+hh:mm</c>.</summary>
internal static class SalesforceTime
{
    public static string Format(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'", CultureInfo.InvariantCulture);

    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (text.Length > 5 && text[^5] is '+' or '-' && text[^4..].All(char.IsAsciiDigit))
        {
            text = text[..^2] + ":" + text[^2..];
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
    }
}
