using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Workflows;

/// <summary>
/// Signed webhook calls: <c>X-Hub-Timestamp</c> (Unix seconds) and <c>X-Hub-Signature-256: sha256=&lt;hex&gt;</c>, the
/// HMAC-SHA256 with the workflow's secret over <c>"{timestamp}.{definitionId}.{raw body}"</c>, so a signature for one
/// workflow is worthless on another. The headers are checked (form and replay window) before the body is read; the HMAC
/// after, in constant time. The unbound form <c>"{timestamp}.{raw body}"</c> of earlier versions is accepted only with
/// <see cref="WebhookOptions.AcceptUnboundSignatures"/>. Replays are refused by the endpoint through the shared store.
/// </summary>
internal sealed class WebhookSignature(IOptions<WebhookOptions> options, TimeProvider time)
{
    public const string TimestampHeader = "X-Hub-Timestamp";
    public const string SignatureHeader = "X-Hub-Signature-256";
    private const string Prefix = "sha256=";

    /// <summary>The signature header value for a call to <paramref name="definitionId"/>.</summary>
    public static string Sign(string secret, string definitionId, long timestamp, ReadOnlySpan<byte> body) =>
        Compute(secret, $"{timestamp.ToString(CultureInfo.InvariantCulture)}.{definitionId}.", body);

    /// <summary>The earlier, unbound signature (timestamp and body only).</summary>
    public static string SignUnbound(string secret, long timestamp, ReadOnlySpan<byte> body) =>
        Compute(secret, $"{timestamp.ToString(CultureInfo.InvariantCulture)}.", body);

    /// <summary>Checks the headers' form and the timestamp's window, before the body is read.</summary>
    /// <returns>Null when they may be a fresh signed call, else why not (safe to show).</returns>
    public string? CheckHeaders(string? timestampHeader, string? signatureHeader, out long timestamp)
    {
        timestamp = 0;
        if (timestampHeader is not { Length: > 0 and <= 12 } || !long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out timestamp))
        {
            return $"{TimestampHeader} must be the Unix time in seconds.";
        }

        var window = options.Value.ReplayWindow;
        if (Math.Abs(time.GetUtcNow().ToUnixTimeSeconds() - timestamp) > (long)window.TotalSeconds)
        {
            return $"{TimestampHeader} is outside the {window.TotalMinutes:0.#} minute window.";
        }

        return signatureHeader is { Length: 71 } && signatureHeader.StartsWith(Prefix, StringComparison.Ordinal) && signatureHeader.AsSpan(Prefix.Length).ContainsAnyExcept("0123456789abcdef") == false
            ? null
            : $"{SignatureHeader} must be sha256= followed by 64 lower-case hex digits.";
    }

    /// <summary>True when <paramref name="signatureHeader"/> is the HMAC of this call (compared in constant time).</summary>
    public bool Matches(string secret, string definitionId, long timestamp, string signatureHeader, ReadOnlySpan<byte> body)
    {
        var given = Encoding.ASCII.GetBytes(signatureHeader);
        var bound = CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(secret, definitionId, timestamp, body)), given);
        return bound || (options.Value.AcceptUnboundSignatures && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(SignUnbound(secret, timestamp, body)), given));
    }

    private static string Compute(string secret, string prefix, ReadOnlySpan<byte> body)
    {
        var head = Encoding.UTF8.GetBytes(prefix);
        var message = new byte[head.Length + body.Length];
        head.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(head.Length));
        return Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message));
    }
}
