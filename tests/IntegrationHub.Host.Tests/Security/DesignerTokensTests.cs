using IntegrationHub.Host.Configuration;
using IntegrationHub.Host.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace IntegrationHub.Host.Tests.Security;

/// <summary>The designer page's tokens: signed, short-lived, bounded to the designer's scopes, and dead once their key is gone.</summary>
public class DesignerTokensTests
{
    private const string Key = "designer-test-key-0123456789";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));
    private readonly EphemeralDataProtectionProvider _ring = new(); // one key ring, as the nodes on one store share

    private static ApiKeyRing Ring(string scopes, string key = Key) =>
        new(Options.Create(new HubOptions { Clients = { ["studio"] = new ApiClientOptions { Key = key, Scopes = scopes } } }));

    [Fact]
    public void AToken_GrantsTheDesignersScopesTheKeyHas_UntilItExpires()
    {
        var tokens = new DesignerTokens(Ring("workflows:read orders:write"), _time, _ring);
        var token = tokens.Issue("studio", ApiKeyRing.Fingerprint(Key), TimeSpan.FromMinutes(30));

        var valid = tokens.Validate(token);
        _time.Advance(TimeSpan.FromMinutes(31));
        var expired = tokens.Validate(token);

        Assert.Equal("studio", valid!.Value.Client);
        Assert.Equal(["workflows:read"], valid.Value.Scopes);
        Assert.Null(expired);
        Assert.DoesNotContain(Key, token);
    }

    [Fact]
    public void AnAdminKey_GetsReadAndWrite_ButNotAdmin()
    {
        var tokens = new DesignerTokens(Ring("admin"), _time, _ring);

        var holder = tokens.Validate(tokens.Issue("studio", ApiKeyRing.Fingerprint(Key), TimeSpan.FromHours(1)));

        Assert.Equal(["workflows:read", "workflows:write", "workflows:run"], holder!.Value.Scopes);
    }

    [Fact]
    public void AForgedOrTamperedToken_OrOneOfAChangedKey_OrAnotherKeyRing_IsRefused()
    {
        var tokens = new DesignerTokens(Ring("admin"), _time, _ring);
        var token = tokens.Issue("studio", ApiKeyRing.Fingerprint(Key), TimeSpan.FromHours(1));
        var body = token[DesignerTokens.Prefix.Length..];
        var flipped = body[..^3] + (body[^3] == 'A' ? 'B' : 'A') + body[^2..];
        var plain = DesignerTokens.Prefix + Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(
            System.Text.Encoding.UTF8.GetBytes($"studio\n{ApiKeyRing.Fingerprint(Key)}\n9999999999")); // what an HMAC-less forger would send

        Assert.Null(tokens.Validate(DesignerTokens.Prefix + flipped));
        Assert.Null(tokens.Validate(token[..^10]));
        Assert.Null(tokens.Validate(plain));
        Assert.Null(tokens.Validate(DesignerTokens.Prefix + "!!.!!"));
        Assert.Null(tokens.Validate(DesignerTokens.Prefix));
        Assert.DoesNotContain(ApiKeyRing.Fingerprint(Key), token, StringComparison.Ordinal); // encrypted, not only signed
        Assert.Null(new DesignerTokens(Ring("admin", "a-new-key-for-studio-0123456789"), _time, _ring).Validate(token));
        Assert.Null(new DesignerTokens(Ring("admin"), _time, new EphemeralDataProtectionProvider()).Validate(token)); // another key ring
    }

    [Fact]
    public void AnotherNode_OnTheSameKeyRing_TakesTheToken()
    {
        var token = new DesignerTokens(Ring("admin"), _time, _ring).Issue("studio", ApiKeyRing.Fingerprint(Key), TimeSpan.FromHours(1));

        var elsewhere = new DesignerTokens(Ring("admin"), _time, _ring).Validate(token);

        Assert.Equal("studio", elsewhere!.Value.Client);
    }
}
