using Microsoft.Extensions.Options;

namespace IntegrationHub.Connectors.Http.Auth;

/// <summary>Validates one connector's auth options; messages name the setting and never echo a value.</summary>
internal sealed class AuthOptionsValidators(string connector, string section)
    : IValidateOptions<OAuth2ClientCredentialsOptions>, IValidateOptions<ApiKeyOptions>, IValidateOptions<BasicAuthOptions>
{
    public ValidateOptionsResult Validate(string? name, OAuth2ClientCredentialsOptions options) => name != connector ? ValidateOptionsResult.Skip : Result(
        Uri.TryCreate(options.TokenUrl, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)
            ? null : $"{section}:OAuth2:TokenUrl must be an absolute http(s) URL.",
        string.IsNullOrWhiteSpace(options.ClientId) ? $"{section}:OAuth2:ClientId is required." : null,
        string.IsNullOrEmpty(options.ClientSecret) ? $"{section}:OAuth2:ClientSecret is required." : null,
        options.RefreshMargin < TimeSpan.Zero || options.RefreshMargin > TimeSpan.FromHours(1)
            ? $"{section}:OAuth2:RefreshMargin must be between 0 and 1 hour." : null);

    public ValidateOptionsResult Validate(string? name, ApiKeyOptions options) => name != connector ? ValidateOptionsResult.Skip : Result(
        string.IsNullOrWhiteSpace(options.HeaderName) ? $"{section}:ApiKey:HeaderName is required." : null,
        string.IsNullOrEmpty(options.Key) ? $"{section}:ApiKey:Key is required." : null);

    public ValidateOptionsResult Validate(string? name, BasicAuthOptions options) => name != connector ? ValidateOptionsResult.Skip : Result(
        options.UserName.Contains(':') ? $"{section}:Basic:UserName must not contain ':'." : null,
        string.IsNullOrEmpty(options.Password) ? $"{section}:Basic:Password is required." : null);

    private static ValidateOptionsResult Result(params string?[] errors) =>
        errors.OfType<string>().ToArray() is { Length: > 0 } failed ? ValidateOptionsResult.Fail(failed) : ValidateOptionsResult.Success;
}
