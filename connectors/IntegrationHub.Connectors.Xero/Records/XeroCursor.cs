using System.Globalization;

namespace IntegrationHub.Connectors.Xero.Records;

/// <summary>
/// Where a receivables read resumes: the <c>UpdatedDateUTC</c> (Unix ms) of the last item delivered, the ids delivered
/// with exactly that time (so an inclusive boundary repeats none of them), and the page to ask for next under the same
/// <c>If-Modified-Since</c> second. Written as <c>ms|page|id,id,...</c>.
/// </summary>
internal sealed record XeroCursor(long UpdatedMs, int Page, IReadOnlySet<string> IdsAtUpdated)
{
    /// <summary>The <c>If-Modified-Since</c> of the next request: the last update, floored to the header's whole second.</summary>
    public DateTimeOffset Since => DateTimeOffset.FromUnixTimeSeconds(Math.DivRem(UpdatedMs, 1000, out var r) - (r < 0 ? 1 : 0));

    /// <summary>Whether an invoice with this update time and id was not delivered yet.</summary>
    public bool IsNew(long updatedMs, string id) => updatedMs > UpdatedMs || (updatedMs == UpdatedMs && !IdsAtUpdated.Contains(id));

    public override string ToString() =>
        $"{UpdatedMs.ToString(CultureInfo.InvariantCulture)}|{Page.ToString(CultureInfo.InvariantCulture)}|{string.Join(",", IdsAtUpdated.Order(StringComparer.Ordinal))}";

    /// <exception cref="ArgumentException">The text is not a cursor this connector wrote.</exception>
    public static XeroCursor? Parse(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }

        var parts = cursor.Split('|');
        return parts.Length == 3
            && long.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page >= 1
                ? new XeroCursor(ms, page, parts[2].Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal))
                : throw new ArgumentException($"'{cursor}' is not a Xero change cursor (expected 'ms|page|ids')", nameof(cursor));
    }
}
