using IntegrationHub.Host.Configuration;
using IntegrationHub.Host.Security;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace IntegrationHub.Host.Tests.Security;

/// <summary>The designer page's tokens: signed, short-lived, bounded to the designer's scopes, and dead once their key is gone.</summary>
public class DesignerTokensTests
{
    private const string Key = "designer-test-key-0123456789";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));

    private static ApiKeyRing Ring(string scopes, string key = Key) =>
        new(Options.Create(new HubOptions { Clients = { ["studio"] = new ApiClientOptions { Key = key, Scopes = scopes } } }));

    [Fact]
    public void AToken_GrantsTheDesignersScopesTheKeyHas_UntilItExpires()
    {
        var tokens = new DesignerTokens(Ring("workflows:read orders:write"), _time);
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
        var tokens = new DesignerTokens(Ring("admin"), _time);

        var holder = tokens.Validate(tokens.Issue("studio", ApiKeyRing.Fingerprint(Key), TimeSpan.FromHours(1)));

        Assert.Equal(["workflows:read", "workflows:write"], holder!.Value.Scopes);
    }

    [Fact]
    public void AForgedOrTamperedToken_OrOneOfAChangedKey_OrAnotherProcess_IsRefused()
    {
        var tokens = new DesignerTokens(Ring("admin"), _time);
        var token = tokens.Issue("studio", ApiKeyRing.Fingerprint(Key), TimeSpan.FromHours(1));
        var parts = token[DesignerTokens.Prefix.Length..].Split('.');
        var otherClient = DesignerTokens.Prefix + Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(
            System.Text.Encoding.UTF8.GetBytes($"other\n{ApiKeyRing.Fingerprint(Key)}\n9999999999")) + "." + parts[1];

        Assert.Null(tokens.Validate(otherClient));
        Assert.Null(tokens.Validate(DesignerTokens.Prefix + parts[0]));
        Assert.Null(tokens.Validate(DesignerTokens.Prefix + "!!.!!"));
        Assert.Null(new DesignerTokens(Ring("admin", "a-new-key-for-studio-0123456789"), _time).Validate(token));
        Assert.Null(new DesignerTokens(Ring("admin"), _time).Validate(token)); // a restart draws a new secret
    }
}
