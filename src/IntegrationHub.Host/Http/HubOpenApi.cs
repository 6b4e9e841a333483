using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using IntegrationHub.Host.Security;
using Scalar.AspNetCore;

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
            foreach (var schema in document.Components.Schemas?.Values ?? [])
            {
                AnyJsonValue(schema);
            }

            return Task.CompletedTask;
        }).AddOperationTransformer((operation, context, _) =>
        {
            // Every call but health may meet the key check, its scope and the rate limits; all answer problem+json.
            if (context.Description.RelativePath?.StartsWith("health/", StringComparison.Ordinal) == true)
            {
                operation.Security = [];
                return Task.CompletedTask;
            }

            operation.Responses ??= [];
            foreach (var (status, description) in CommonRefusals)
            {
                if (!operation.Responses.ContainsKey(status))
                {
                    operation.Responses[status] = new OpenApiResponse
                    {
                        Description = description,
                        Content = new Dictionary<string, OpenApiMediaType>
                        {
                            ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(nameof(ProblemDetails), context.Document) },
                        },
                    };
                }
            }

            return Task.CompletedTask;
        }));

    // A nullable JSON value (JsonNode?, JsonElement?) comes out as oneOf [null, JsonNode] where JsonNode is {}: null matches
    // both, which oneOf forbids (a validator refuses null). Any value, null included, is what it means: {}.
    private static void AnyJsonValue(IOpenApiSchema schema)
    {
        if (schema is not OpenApiSchema { Properties: { Count: > 0 } properties })
        {
            return;
        }

        foreach (var (name, property) in properties.ToList())
        {
            if (property is OpenApiSchema { OneOf: { Count: > 0 } oneOf } && oneOf.Any(s => s is OpenApiSchemaReference { Reference.Id: "JsonNode" or "JsonElement" }))
            {
                properties[name] = new OpenApiSchema { Description = property.Description };
            }
        }
    }

    /// <summary>
    /// The interactive API reference (Scalar) at <c>/reference</c>, for holders of <c>api-docs:read</c> (a browser signs in
    /// with HTTP Basic: client id and key). Everything it loads is served by the hub: Scalar's script is embedded in its
    /// package, the CDN fonts, telemetry, AI agent and the developer toolbar (links to Scalar's hosted services) are off, so it works without internet and sends nothing elsewhere.
    /// </summary>
    public static IEndpointRouteBuilder MapHubApiReference(this IEndpointRouteBuilder app)
    {
        app.MapScalarApiReference("/reference", options => options
                .WithTitle("IntegrationHub API")
                .WithOpenApiRoutePattern("/openapi/{documentName}.json")
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent()
                .DisableMcp()
                .HideDeveloperTools())
            .RequireScope(Scopes.ApiDocsRead);
        return app;
    }

    private static readonly (string Status, string Description)[] CommonRefusals =
    [
        ("401", "No API key, or one the hub does not know."),
        ("403", "The key lacks the scope this operation needs."),
        ("429", "Too many requests from this client or address; Retry-After says when to retry."),
    ];

    /// <summary>The JSON answer for <paramref name="status"/> (200 unless given), its schema generated from <typeparamref name="T"/>.</summary>
    public static RouteHandlerBuilder Answers<T>(this RouteHandlerBuilder builder, int status = StatusCodes.Status200OK) =>
        builder.Produces<T>(status, "application/json");

    /// <summary>The problem+json refusals an operation may answer besides the common ones (401, 403, 429).</summary>
    public static RouteHandlerBuilder Refuses(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            builder.ProducesProblem(status);
        }

        return builder;
    }

    /// <summary>
    /// The JSON body an endpoint reads itself (bounded, strict), documented as <typeparamref name="T"/>; an optional body
    /// may be left out. Documentation only: not <c>Accepts</c>, whose content-type metadata makes routing answer 415 before
    /// the caller's key is checked.
    /// </summary>
    public static RouteHandlerBuilder TakesJson<T>(this RouteHandlerBuilder builder, bool optional = false) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = !optional,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(typeof(T), null, cancellationToken) },
                },
            };
        });

    /// <summary>Documents a request header an endpoint reads itself.</summary>
    public static RouteHandlerBuilder HeaderParameter(this RouteHandlerBuilder builder, string name, string description) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter { Name = name, In = ParameterLocation.Header, Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } });
            return Task.CompletedTask;
        });

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
