using System.Globalization;

namespace IntegrationHub.Connectors.Kingdee.Records;

/// <summary>
/// Where a K3Cloud change read resumes: the <c>FModifyDate</c> (server local, to the millisecond) and internal id of the last
/// row delivered. Written as <c>yyyy-MM-dd HH:mm:ss.fff|id</c>.
/// </summary>
internal readonly record struct KingdeeCursor(DateTime Modified, long Id)
{
    public override string ToString() =>
        Modified.ToString(KingdeeValues.FilterDateFormat, CultureInfo.InvariantCulture) + "|" + Id.ToString(CultureInfo.InvariantCulture);

    /// <summary>The position of <paramref name="cursor"/>, or null to read from the beginning.</summary>
    /// <exception cref="ArgumentException">The text is not a cursor this connector wrote.</exception>
    public static KingdeeCursor? Parse(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }

        var parts = cursor.Split('|');
        return parts.Length == 2
            && DateTime.TryParseExact(parts[0], KingdeeValues.FilterDateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var modified)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? new KingdeeCursor(modified, id)
                : throw new ArgumentException($"'{cursor}' is not a Kingdee change cursor (expected 'yyyy-MM-dd HH:mm:ss.fff|id')", nameof(cursor));
    }

    /// <summary>
    /// Rows strictly after this position in (FModifyDate, id) order: a keyset condition, so rows changed while a read is
    /// under way cannot shift later rows past a page boundary (offsets would), and rows sharing one FModifyDate are
    /// neither skipped nor repeated.
    /// </summary>
    public string After(string idKey)
    {
        var at = KingdeeValues.Quote(Modified.ToString(KingdeeValues.FilterDateFormat, CultureInfo.InvariantCulture));
        return $"FModifyDate > {at} OR (FModifyDate = {at} AND {idKey} > {Id.ToString(CultureInfo.InvariantCulture)})";
    }
}
