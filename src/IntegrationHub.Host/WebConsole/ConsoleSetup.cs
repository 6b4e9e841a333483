using IntegrationHub.Host.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using MudBlazor.Services;

namespace IntegrationHub.Host.WebConsole;

/// <summary>
/// The operations console: Blazor components (interactive on the server, MudBlazor) served by the hub under
/// <c>/console</c>. A person signs in with an API key, which is traded for an HttpOnly, SameSite=Strict cookie of this
/// scheme (the key is never kept in the browser); the cookie is good for the console only: the API keeps taking keys.
/// Forms carry antiforgery tokens, and the strict cookie is not sent with another site's requests, so neither a page
/// nor the circuit can be driven from elsewhere.
/// </summary>
internal static class ConsoleSetup
{
    public const string Scheme = "HubConsole";
    public const string Policy = "console";
    public const string CookieName = "hub-console";
    public const string SignInPath = "/console/sign-in";
    public const string SignOutPath = "/console/sign-out";

    /// <summary>The claim holding the fingerprint of the key a session was opened with (<see cref="ApiKeyRing.Fingerprint"/>).</summary>
    public const string KeyClaim = "key-fingerprint";

    /// <summary>Where to go after signing in: a console or designer path, never another site (anything else leads to the overview).</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && (url.StartsWith("/console", StringComparison.Ordinal) || url.StartsWith("/designer", StringComparison.Ordinal)) && !url.Contains("//", StringComparison.Ordinal)
            && !url.Contains('\\', StringComparison.Ordinal) && Uri.IsWellFormedUriString(url, UriKind.Relative)
            ? url
            : "/console";

    public static IServiceCollection AddHubConsole(this IServiceCollection services)
    {
        services.AddOptions<ConsoleOptions>().BindConfiguration(ConsoleOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Data.OverviewReader>();
        services.AddSingleton<Data.ConnectorHealthMonitor>();
        services.AddAuthentication().AddCookie(Scheme, cookie => { });
        services.AddOptions<CookieAuthenticationOptions>(Scheme).Configure<Microsoft.Extensions.Options.IOptions<ConsoleOptions>>((cookie, console) =>
        {
            cookie.Cookie.Name = CookieName;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.Cookie.Path = "/";
            cookie.ExpireTimeSpan = console.Value.SessionLifetime;
            cookie.SlidingExpiration = true;
            cookie.LoginPath = SignInPath;
            cookie.ReturnUrlParameter = "returnUrl";
            cookie.Events.OnValidatePrincipal = async context =>
            {
                // Each request: the key that opened the session must still be configured; its scopes are taken as they are now.
                var keys = context.HttpContext.RequestServices.GetRequiredService<ApiKeyRing>();
                var user = context.Principal;
                if (user?.Identity?.Name is not { } client || user.FindFirst(KeyClaim)?.Value is not { } fingerprint || keys.Current(client, fingerprint) is not { } scopes)
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(Scheme);
                    return;
                }

                var now = user.FindAll(Scopes.ClaimType).Select(c => c.Value).Order(StringComparer.Ordinal);
                if (!now.SequenceEqual(scopes.Order(StringComparer.Ordinal)))
                {
                    var identity = ApiKeyRing.Identity(client, scopes, Scheme);
                    identity.AddClaim(new System.Security.Claims.Claim(KeyClaim, fingerprint));
                    context.ReplacePrincipal(new System.Security.Claims.ClaimsPrincipal(identity));
                    context.ShouldRenew = true;
                }
            };
            cookie.Events.OnRedirectToLogin = context =>
            {
                // Pages redirect to the sign-in page; the circuit's own requests (and anything not a page) get a plain 401.
                if (context.Request.Path.StartsWithSegments("/_blazor") || !HttpMethods.IsGet(context.Request.Method))
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                }
                else
                {
                    context.Response.Redirect(context.RedirectUri);
                }

                return Task.CompletedTask;
            };
        });
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser());
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "hub-console-csrf";
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
        });
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddMudServices();
        return services;
    }

    /// <summary>Maps the console's pages, its circuit, its static files and sign-out; <c>/</c> leads to the console.</summary>
    public static WebApplication MapHubConsole(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode().RequireAuthorization(Policy).WithMetadata(new ConsoleEndpoint());
        app.MapPost(SignOutPath, async (HttpContext context, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery) =>
        {
            // The middleware only reads the token; an endpoint that binds no form checks the outcome itself.
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Antiforgery token missing or invalid",
                    detail: "Sign out from the console's own page.");
            }

            await context.SignOutAsync(Scheme);
            return Results.Redirect(SignInPath);
        }).RequireAuthorization(Policy).WithMetadata(new ConsoleEndpoint()).DisableAntiforgery();
        app.MapGet("/", () => Results.Redirect("/console")).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}

/// <summary>Endpoint metadata: a console page or action, authorized by the console's sign-in cookie instead of an API key.</summary>
internal sealed record ConsoleEndpoint;
