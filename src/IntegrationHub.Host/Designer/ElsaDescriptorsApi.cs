using System.Text;
using System.Text.Json.Nodes;
using IntegrationHub.Host.Security;
using IntegrationHub.Workflows.Catalog;
using IntegrationHub.Workflows.Elsa;

namespace IntegrationHub.Host.Designer;

/// <summary>
/// The descriptor lists of Elsa's REST API that Elsa Studio asks for: the hub's activities (Elsa's names where they map),
/// the expression types the hub runs, variable types, and the strategy lists, which are empty where the hub has no such
/// choice (it commits, logs and handles incidents one way).
/// </summary>
internal static class ElsaDescriptorsApi
{
    public const string PackageVersion = "3.8.2";

    public static RouteGroupBuilder MapElsaDescriptors(this RouteGroupBuilder api)
    {
        api.MapGet("/descriptors/activities", (ElsaActivityDescriptors descriptors) =>
        {
            var items = descriptors.List();
            return Results.Ok(new JsonObject { ["items"] = new JsonArray([.. items]), ["count"] = items.Count });
        }).WithName("ElsaActivityDescriptors").RequireScope(Scopes.WorkflowsRead);

        api.MapPost("/descriptors/activities/{activityTypeName}/options/{propertyName}", (string activityTypeName, string propertyName) =>
            Results.Ok(new JsonObject { ["items"] = new JsonObject() })).WithName("ElsaActivityDescriptorOptions").RequireScope(Scopes.WorkflowsRead);

        api.MapGet("/descriptors/expression-descriptors", () => List(
            Expression("Literal", "Literal", true, null),
            Expression("Object", "Object (JSON)", true, "json"),
            Expression("JavaScript", "JavaScript", true, "javascript"),
            Expression(ElsaExporter.HubExpressionType, "Hub ${ }", true, "csharp"),
            Expression("Variable", "Variable", false, null),
            Expression("Input", "Input", false, null))).WithName("ElsaExpressionDescriptors").RequireScope(Scopes.WorkflowsRead);

        api.MapGet("/descriptors/variables", () => Results.Ok(new JsonObject
        {
            ["items"] = new JsonArray([.. new[] { "String", "Int32", "Int64", "Decimal", "Boolean", "DateTimeOffset", "JsonNode", "Object" }.Select(t => (JsonNode)new JsonObject
            {
                ["typeName"] = t,
                ["displayName"] = t,
                ["category"] = t is "JsonNode" or "Object" ? "Dynamic" : "Primitives",
                ["description"] = $"The hub's {ElsaTypeNames.Variable(t)} variable type.",
            })]),
        })).WithName("ElsaVariableTypes").RequireScope(Scopes.WorkflowsRead);

        api.MapGet("/descriptors/storage-drivers", () => Results.Ok(new JsonObject
        {
            ["items"] = new JsonArray(new JsonObject { ["typeName"] = "Workflow", ["displayName"] = "Workflow instance (the hub's store)", ["priority"] = 0, ["deprecated"] = false }),
        })).WithName("ElsaStorageDrivers").RequireScope(Scopes.WorkflowsRead);

        foreach (var (path, name) in new[]
        {
            ("/descriptors/workflow-activation-strategies", "ElsaActivationStrategies"), ("/descriptors/incident-strategies", "ElsaIncidentStrategies"),
            ("/descriptors/log-persistence-strategies", "ElsaLogPersistenceStrategies"), ("/descriptors/commit-strategies/workflows", "ElsaWorkflowCommitStrategies"),
            ("/descriptors/commit-strategies/activities", "ElsaActivityCommitStrategies"), ("/features/installed", "ElsaInstalledFeatures"),
        })
        {
            api.MapGet(path, () => List()).WithName(name).RequireScope(Scopes.WorkflowsRead);
        }

        api.MapGet("/package/version", () => Results.Ok(new JsonObject { ["packageVersion"] = PackageVersion })).WithName("ElsaPackageVersion").RequireScope(Scopes.WorkflowsRead);

        api.MapPost("/scripting/javascript/type-definitions/{definitionId}", (string definitionId, WorkflowCatalog catalog) =>
            Results.Text(TypeDefinitions(catalog.Find(definitionId)), "application/x-typescript", Encoding.UTF8))
            .WithName("ElsaJavaScriptTypeDefinitions").RequireScope(Scopes.WorkflowsRead);
        return api;
    }

    private static IResult List(params JsonObject[] items) => Results.Ok(new JsonObject { ["items"] = new JsonArray([.. items]), ["count"] = items.Length });

    private static JsonObject Expression(string type, string displayName, bool browsable, string? language) => new()
    {
        ["type"] = type,
        ["displayName"] = displayName,
        ["isSerializable"] = true,
        ["isBrowsable"] = browsable,
        ["properties"] = language is null ? new JsonObject() : new JsonObject { ["MonacoLanguage"] = language },
    };

    /// <summary>TypeScript declarations of the JavaScript helpers for the designer's script editor: the common ones and one getter and setter per variable.</summary>
    private static string TypeDefinitions(CatalogEntry? entry)
    {
        var text = new StringBuilder("""
            declare function getVariable(name: string): any;
            declare function setVariable(name: string, value: any): void;
            declare function getInput(name: string): any;
            declare function getWorkflowDefinitionId(): string;
            declare function getWorkflowDefinitionVersion(): number;
            declare function isNullOrEmpty(value: string): boolean;
            declare function isNullOrWhiteSpace(value: string): boolean;
            declare function toJson(value: any): string;
            declare function newGuid(): string;
            declare function newShortGuid(): string;
            declare function stringToBase64(value: string): string;
            declare function stringFromBase64(value: string): string;

            """);
        foreach (var variable in entry?.Workflow.Definition.Variables ?? [])
        {
            var name = ElsaTypeNames.Pascal(variable.Name);
            text.AppendLine($"declare function get{name}(): any;").AppendLine($"declare function set{name}(value: any): void;");
        }

        if (entry?.Workflow.Definition.Variables is { Count: > 0 } variables)
        {
            text.AppendLine($"declare const variables: {{ {string.Join(" ", variables.Select(v => $"{v.Name}: any;"))} }};");
        }

        return text.ToString();
    }
}
