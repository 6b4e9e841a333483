using System.Globalization;

namespace IntegrationHub.Host.WebConsole.Shared;

/// <summary>How the console writes times and durations: UTC, invariant, short.</summary>
internal static class Format
{
    public static string Age(TimeSpan age) => age.TotalSeconds switch
    {
        < 60 => $"{age.TotalSeconds:0} s",
        < 3600 => $"{age.TotalMinutes:0} min",
        < 172800 => $"{age.TotalHours:0.#} h",
        _ => $"{age.TotalDays:0} d",
    };

    public static string Time(DateTimeOffset? at) =>
        at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC" : "–";
}
