using System.Globalization;

namespace IntegrationHub.Sandbox.Kingdee;

/// <summary>K3Cloud date text: server local time without zone, answered as <c>yyyy-MM-ddTHH:mm:ss.fff</c>.</summary>
internal static class KingdeeDates
{
    private static readonly string[] Formats = ["yyyy-MM-dd'T'HH:mm:ss.FFF", "yyyy-MM-dd HH:mm:ss.FFF", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd"];

    public static bool TryParse(string text, out DateTime value) =>
        DateTime.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);

    public static string Format(DateTime local) => local.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture);

    /// <summary>The server's local time for a UTC instant (K3Cloud servers here run at +08:00).</summary>
    public static DateTime Local(DateTimeOffset utc) => utc.ToOffset(KingdeeSandbox.ServerUtcOffset).DateTime;
}
