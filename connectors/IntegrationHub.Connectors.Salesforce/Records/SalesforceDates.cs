using System.Globalization;

namespace IntegrationHub.Connectors.Salesforce.Records;

/// <summary>
/// Salesforce's date formats: datetimes in JSON as <c>2026-11-23T08:15:30.000+0000</c> (offset without a colon), dates as
/// <c>2026-11-23</c>, and SOQL datetime literals unquoted in UTC (<c>2026-11-23T08:15:30.000Z</c>).
/// </summary>
public static class SalesforceDates
{
    public static DateTimeOffset? ParseDateTime(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        // "+0000" -> "+00:00" so the standard parser takes it.
        if (text.Length > 5 && (text[^5] == '+' || text[^5] == '-') && text[^4..].All(char.IsAsciiDigit))
        {
            text = text[..^2] + ":" + text[^2..];
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value.ToUniversalTime() : null;
    }

    public static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    public static string FormatDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A SOQL datetime literal (UTC, milliseconds).</summary>
    public static string Soql(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Canonical datetime text: ISO 8601 UTC with milliseconds.</summary>
    public static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
