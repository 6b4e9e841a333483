using System.Globalization;
using System.Text.RegularExpressions;

namespace IntegrationHub.Connectors.Xero;

/// <summary>
/// Xero's two date formats: the Microsoft JSON form <c>/Date(1518685950940+0000)/</c> (Unix milliseconds in UTC, then the
/// offset the value was recorded in) and ISO 8601 (<c>2018-02-15T00:00:00</c>, the <c>...String</c> fields, read as UTC).
/// </summary>
internal static partial class XeroDates
{
    private static readonly string[] IsoFormats =
        ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd"];

    public static DateTimeOffset Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            throw new FormatException("a date is missing");
        }

        if (JsonDate().Match(text) is { Success: true } m)
        {
            var utc = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(m.Groups["ms"].Value, CultureInfo.InvariantCulture));
            if (!m.Groups["offset"].Success)
            {
                return utc;
            }

            var sign = m.Groups["sign"].Value == "-" ? -1 : 1;
            var offset = new TimeSpan(int.Parse(m.Groups["hh"].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups["mm"].Value, CultureInfo.InvariantCulture), 0) * sign;
            return utc.ToOffset(offset);
        }

        return DateTimeOffset.TryParseExact(text, IsoFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var iso)
            ? iso
            : throw new FormatException($"'{text}' is neither a Xero /Date(...)/ nor an ISO 8601 date");
    }

    /// <summary>The calendar date of a Xero date field (the date as recorded, in its own offset).</summary>
    public static DateOnly DateOf(string? text) => DateOnly.FromDateTime(Parse(text).DateTime);

    public static string ToJson(DateTimeOffset value) =>
        $"/Date({value.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}+0000)/";

    [GeneratedRegex(@"^/Date\((?<ms>-?\d+)(?<offset>(?<sign>[+-])(?<hh>\d{2})(?<mm>\d{2}))?\)/$", RegexOptions.CultureInvariant)]
    private static partial Regex JsonDate();
}
