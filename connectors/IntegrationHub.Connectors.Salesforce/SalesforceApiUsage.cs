using System.Globalization;

namespace IntegrationHub.Connectors.Salesforce;

/// <summary>
/// The org's API usage from the last <c>Sforce-Limit-Info: api-usage=USED/MAX</c> header (the rolling 24-hour request cap).
/// </summary>
public sealed class SalesforceApiUsage
{
    private long _used = -1;
    private long _max = -1;

    /// <summary>Requests used and allowed, or <see langword="null"/> before the first answer that carried the header.</summary>
    public (long Used, long Max)? Current => Interlocked.Read(ref _max) is > 0 and var max ? (Interlocked.Read(ref _used), max) : null;

    /// <summary>Reads the header of an answer; a missing or unreadable header changes nothing.</summary>
    public void Observe(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Sforce-Limit-Info", out var values))
        {
            return;
        }

        foreach (var part in values.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries)))
        {
            if (part.StartsWith("api-usage=", StringComparison.OrdinalIgnoreCase)
                && part["api-usage=".Length..].Split('/') is [var used, var max]
                && long.TryParse(used, NumberStyles.Integer, CultureInfo.InvariantCulture, out var u)
                && long.TryParse(max, NumberStyles.Integer, CultureInfo.InvariantCulture, out var m) && m > 0)
            {
                Interlocked.Exchange(ref _used, u);
                Interlocked.Exchange(ref _max, m);
            }
        }
    }
}
