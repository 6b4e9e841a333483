using System.Globalization;

namespace IntegrationHub.Host.WebConsole.Shared;

/// <summary>How the console writes times, durations and counts: UTC, invariant, short.</summary>
internal static class Format
{
    public static string Age(TimeSpan age) => age.TotalSeconds switch
    {
        < 60 => $"{age.TotalSeconds:0} s",
        < 3600 => $"{age.TotalMinutes:0} min",
        < 172800 => $"{age.TotalHours:0.#} h",
        _ => $"{age.TotalDays:0} d",
    };

    /// <summary>How often something happened, in words: once, 2 times, ...</summary>
    public static string Times(long count) => count == 1 ? "once" : $"{count.ToString("N0", CultureInfo.InvariantCulture)} times";

    public static string Time(DateTimeOffset? at) =>
        at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC" : "–";
}

/// <summary>Reads a value document's field by a dotted path, as text ("–" when absent), without throwing on any shape.</summary>
internal static class JsonPath
{
    public static string At(System.Text.Json.JsonElement element, string path)
    {
        var current = element;
        foreach (var name in path.Split('.'))
        {
            if (current.ValueKind != System.Text.Json.JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return "–";
            }
        }

        return current.ValueKind switch
        {
            System.Text.Json.JsonValueKind.Null or System.Text.Json.JsonValueKind.Undefined => "–",
            System.Text.Json.JsonValueKind.Number when current.TryGetDecimal(out var d) => d.ToString(d == decimal.Truncate(d) ? "N0" : "N2", CultureInfo.InvariantCulture),
            _ => current.ToString(),
        };
    }
}
