using System.Text.Json;
using System.Text.Json.Serialization;

namespace IntegrationHub.Storage;

/// <summary>How both stores keep a dead letter's headers and history: JSON arrays, camelCase, nulls left out.</summary>
internal static class DeadLetterJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static string Headers(IReadOnlyList<DeadLetterHeader> headers) => JsonSerializer.Serialize(headers, Options);

    public static IReadOnlyList<DeadLetterHeader> ReadHeaders(string json) => JsonSerializer.Deserialize<List<DeadLetterHeader>>(json, Options) ?? [];

    public static string Item(DeadLetterHistoryItem item) => JsonSerializer.Serialize(item, Options);

    public static IReadOnlyList<DeadLetterHistoryItem> ReadHistory(string json) => JsonSerializer.Deserialize<List<DeadLetterHistoryItem>>(json, Options) ?? [];

    /// <summary>The history line of a replayed copy that failed again.</summary>
    public static DeadLetterHistoryItem FailedAgain(DeadLetterFailure f) => new(f.FailedAt.ToUniversalTime(), "failed", f.Reason, f.Attempts, null, f.Partition, f.Offset);

    /// <summary>A pattern for LIKE: <paramref name="text"/> anywhere, its <c>%</c>, <c>_</c> and <c>\</c> taken literally (ESCAPE '\').</summary>
    public static string? Contains(string? text) =>
        text is null ? null : "%" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
}
