using System.Security.Claims;
using System.Text.Json.Nodes;
using IntegrationHub.Host.Security;
using IntegrationHub.Host.WebConsole;
using IntegrationHub.Workflows.Catalog;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Designer;

/// <summary>
/// Elsa Studio as the hub's designer. The page <c>/designer/</c> is for people signed in to the console; it hosts
/// Elsa Studio's custom elements with a short-lived token (<see cref="DesignerTokens"/>) for the Elsa API at
/// <c>/elsa/api</c>, which also takes the hub's API keys as <c>Authorization: ApiKey</c>. Elsa Studio's own files
/// (fetched by the build) are static files under <c>/designer/</c>; nothing loads from another host.
/// </summary>
internal static class DesignerSetup
{
    public const string PagePath = "/designer";

    public static IServiceCollection AddHubDesigner(this IServiceCollection services)
    {
        services.AddOptions<DesignerOptions>().BindConfiguration(DesignerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<DesignerSaves>();
        return services;
    }

    public static WebApplication MapHubDesigner(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<DesignerOptions>>().Value;
        if (options.Installed)
        {
            var types = new FileExtensionContentTypeProvider();
            types.Mappings[".wasm"] = "application/wasm";
            types.Mappings[".dat"] = "application/octet-stream";
            types.Mappings[".blat"] = "application/octet-stream";
            app.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = new DesignerFiles(Path.GetFullPath(options.Path)),
                RequestPath = PagePath,
                ContentTypeProvider = types,
                ServeUnknownFileTypes = false,
            });
        }
        else
        {
            DesignerLog.NotInstalled(app.Logger, Path.GetFullPath(options.Path));
        }

        app.MapGet(PagePath + "/", Page).RequireAuthorization(ConsoleSetup.Policy).WithMetadata(new ConsoleEndpoint()).ExcludeFromDescription();
        app.MapGet(PagePath + "/appsettings.json", (HttpRequest request) => Results.Json(new JsonObject
        {
            ["Backend"] = new JsonObject { ["Url"] = ApiUrl(request) },
        })).AllowAnonymous().ExcludeFromDescription();

        var api = app.MapGroup(DesignerTokens.ApiPath).RequireAuthorization().ExcludeFromDescription();
        api.MapElsaDefinitions();
        api.MapElsaDescriptors();
        api.MapElsaExecute();

        // Where Elsa Studio goes after its run button started an instance: the console's page of that instance.
        app.MapGet(PagePath + "/workflows/instances/{instanceId:guid}/view", (Guid instanceId) => Results.Redirect($"/console/instances/{instanceId}"))
            .RequireAuthorization(ConsoleSetup.Policy).WithMetadata(new ConsoleEndpoint()).ExcludeFromDescription();
        return app;
    }

    private static IResult Page(string? definition, HttpRequest request, ClaimsPrincipal user, WorkflowCatalog catalog, DesignerTokens tokens,
        IOptions<DesignerOptions> options)
    {
        if (!user.HasScope(Scopes.WorkflowsRead))
        {
            return Results.Content("<!DOCTYPE html><title>Designer</title><p>Your key lacks the scope workflows:read the designer needs.</p>", "text/html", statusCode: StatusCodes.Status403Forbidden);
        }

        if (!options.Value.Installed)
        {
            return Results.Content(DesignerPage.NotInstalled(options.Value.Path), "text/html", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        if (definition is null)
        {
            return Results.Content(DesignerPage.List(catalog), "text/html");
        }

        var fingerprint = user.FindFirst(ConsoleSetup.KeyClaim)?.Value ?? "";
        var token = tokens.Issue(user.ClientId(), fingerprint, options.Value.TokenLifetime);
        return Results.Content(DesignerPage.Editor(definition, ApiUrl(request), token), "text/html");
    }

    private static string ApiUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{DesignerTokens.ApiPath}";
}
