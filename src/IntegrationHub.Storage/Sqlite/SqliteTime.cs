using System.Globalization;

namespace IntegrationHub.Storage.Sqlite;

/// <summary>
/// Timestamps as fixed-width ISO 8601 UTC text: they sort like the instants they name, so SQL comparisons and
/// ORDER BY on the text are correct.
/// </summary>
internal static class SqliteTime
{
    public static string Stamp(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static DateTimeOffset? ParseOrNull(string? value) => value is null ? null : Parse(value);
}
