namespace IntegrationHub.Host.Orders;

/// <summary>
/// The <c>Idempotency-Key</c> request header (IETF httpapi draft "The Idempotency-Key HTTP Header Field"):
/// a structured-field string, so <c>"abc"</c>; the bare form <c>abc</c> is accepted too. 1-255 printable ASCII characters.
/// </summary>
internal static class IdempotencyKeyHeader
{
    public const string Name = "Idempotency-Key";
    public const int MaxLength = 255;

    /// <returns>The key, or null with <paramref name="error"/> saying what is wrong.</returns>
    public static string? Parse(string? raw, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(raw))
        {
            error = $"The {Name} header is required: send a unique value (for example a UUID) per order push, and the same value when you retry it.";
            return null;
        }

        var key = raw.Trim();
        if (key.Length >= 2 && key[0] == '"' && key[^1] == '"')
        {
            key = key[1..^1];
        }

        if (key.Length is 0 or > MaxLength || key.Any(c => c is < (char)0x20 or > (char)0x7E or '"' or '\\'))
        {
            error = $"The {Name} header must be 1-{MaxLength} printable ASCII characters without quotes or backslashes.";
            return null;
        }

        return key;
    }
}
