using Microsoft.AspNetCore.Authentication;

namespace IntegrationHub.Host.Security;

internal static class SecurityServiceCollectionExtensions
{
    /// <summary>API-key authentication and one authorization policy per scope (named by the scope).</summary>
    public static IServiceCollection AddApiKeyAuthentication(this IServiceCollection services)
    {
        services.AddSingleton<ApiKeyRing>();
        services.AddSingleton<DesignerTokens>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        var authorization = services.AddAuthorizationBuilder();
        foreach (var scope in Scopes.All)
        {
            authorization.AddPolicy(scope, policy => policy.RequireAuthenticatedUser().RequireAssertion(context => context.User.HasScope(scope)));
        }

        return services;
    }
}
