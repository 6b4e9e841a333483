using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace IntegrationHub.Host.Http;

/// <summary>
/// The hub's OpenAPI document (Microsoft.AspNetCore.OpenApi), served at <c>/openapi/v1.json</c> to callers with an API key:
/// every <c>/api/v1</c> endpoint, the API-key scheme (<c>X-Api-Key</c>), and for the endpoints that read their own query
/// strings (to refuse unknown parameters) the parameters they accept.
/// </summary>
internal static class HubOpenApi
{
    public const string ApiKeyScheme = "ApiKey";

    public static IServiceCollection AddHubOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "IntegrationHub API",
                Version = "v1",
                Description = "Orders in, receivables and customers out, flows and workflows managed. Errors are RFC 9457 problem+json; every call but health needs an API key with the scope the operation names.",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = "X-Api-Key",
                Description = "A client key from Hub:Clients; its scopes decide what it may call.",
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, document)] = [] }];
            return Task.CompletedTask;
        }));

    /// <summary>Documents query parameters an endpoint reads itself (name, description, JSON type).</summary>
    public static RouteHandlerBuilder QueryParameters(this RouteHandlerBuilder builder, params (string Name, string Description, JsonSchemaType Type)[] parameters) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            foreach (var (name, description, type) in parameters)
            {
                operation.Parameters.Add(new OpenApiParameter { Name = name, In = ParameterLocation.Query, Description = description, Schema = new OpenApiSchema { Type = type } });
            }

            return Task.CompletedTask;
        });
}
