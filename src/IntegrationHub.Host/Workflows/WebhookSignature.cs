using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Workflows;

/// <summary>
/// Verifies signed webhook calls: <c>X-Hub-Timestamp</c> (Unix seconds) and <c>X-Hub-Signature-256: sha256=&lt;hex&gt;</c>,
/// the HMAC-SHA256 with the workflow's secret over <c>"{timestamp}.{raw body}"</c>. The timestamp must be within the
/// replay window, and a signature seen within the window is refused (a captured call cannot be replayed).
/// Comparison is constant-time.
/// </summary>
internal sealed class WebhookSignature(IOptions<WebhookOptions> options, TimeProvider time)
{
    public const string TimestampHeader = "X-Hub-Timestamp";
    public const string SignatureHeader = "X-Hub-Signature-256";
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);

    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message));
    }

    /// <returns>Null when the call is authentic and fresh, else why not (safe to show: no secret, no expected value).</returns>
    public string? Verify(string secret, string? timestampHeader, string? signatureHeader, ReadOnlySpan<byte> body)
    {
        if (!long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp))
        {
            return $"{TimestampHeader} must be the Unix time in seconds.";
        }

        var now = time.GetUtcNow();
        var window = options.Value.ReplayWindow;
        if ((now - DateTimeOffset.FromUnixTimeSeconds(timestamp)).Duration() > window)
        {
            return $"{TimestampHeader} is outside the {window.TotalMinutes:0.#} minute window.";
        }

        var expected = Encoding.ASCII.GetBytes(Sign(secret, timestamp, body));
        var given = Encoding.ASCII.GetBytes(signatureHeader ?? "");
        if (!CryptographicOperations.FixedTimeEquals(expected, given))
        {
            return $"{SignatureHeader} does not match the body.";
        }

        Forget(now - window);
        return _seen.TryAdd(signatureHeader!, now) ? null : "This signed call was already received (replay).";
    }

    private void Forget(DateTimeOffset before)
    {
        foreach (var (signature, at) in _seen)
        {
            if (at < before)
            {
                _seen.TryRemove(signature, out _);
            }
        }
    }
}
