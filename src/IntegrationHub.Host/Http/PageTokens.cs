using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace IntegrationHub.Host.Http;

/// <summary>
/// Opaque page tokens (AIP-158): the position after the last item returned, the listing's pinned as-of date, and a
/// fingerprint of the filters, protected (authenticated and encrypted) with ASP.NET Core Data Protection, so a token
/// cannot be forged, edited or replayed against other filters: any of that is a 400.
/// </summary>
internal sealed class PageTokens(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("IntegrationHub.PageTokens.v1");

    public string Issue(string listing, string filters, long after, DateOnly asOf) => Protect(new Token(listing, Fingerprint(filters), after, asOf.DayNumber));

    /// <summary>A token for a listing ordered by a text key (e.g. a hub id), positioned after <paramref name="afterKey"/>.</summary>
    public string Issue(string listing, string filters, string afterKey, DateOnly asOf) => Protect(new Token(listing, Fingerprint(filters), 0, asOf.DayNumber, afterKey));

    /// <summary>Reads a token of a listing ordered by a text key; else the reason it is refused.</summary>
    public bool TryRead(string token, string listing, string filters, out string? afterKey, out string? error)
    {
        afterKey = null;
        if (!TryRead(token, listing, filters, out _, out _, out error, out var read))
        {
            return false;
        }

        if (read!.K is null)
        {
            error = "pageToken is not a token this listing issued (altered, truncated or from another hub).";
            return false;
        }

        afterKey = read.K;
        return true;
    }

    private string Protect(Token token) => WebEncoders.Base64UrlEncode(_protector.Protect(JsonSerializer.SerializeToUtf8Bytes(token)));

    /// <summary>Reads a token issued for <paramref name="listing"/> with the same <paramref name="filters"/>; else the reason it is refused.</summary>
    public bool TryRead(string token, string listing, string filters, out long after, out DateOnly asOf, out string? error) =>
        TryRead(token, listing, filters, out after, out asOf, out error, out _);

    private bool TryRead(string token, string listing, string filters, out long after, out DateOnly asOf, out string? error, out Token? accepted)
    {
        accepted = null;
        after = 0;
        asOf = default;
        Token? read;
        try
        {
            read = JsonSerializer.Deserialize<Token>(_protector.Unprotect(WebEncoders.Base64UrlDecode(token)));
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException or JsonException)
        {
            error = "pageToken is not a token this listing issued (altered, truncated or from another hub).";
            return false;
        }

        if (read is null || read.L != listing || read.F != Fingerprint(filters) || read.A < 0)
        {
            error = "pageToken was issued for other filters: repeat the filters of the first page, or start again without pageToken.";
            return false;
        }

        after = read.A;
        asOf = DateOnly.FromDayNumber(read.D);
        error = null;
        accepted = read;
        return true;
    }

    private static string Fingerprint(string filters) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(filters)).AsSpan(0, 16));

    private sealed record Token(string L, string F, long A, int D, string? K = null);
}
