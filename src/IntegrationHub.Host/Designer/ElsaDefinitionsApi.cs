using System.Security.Claims;
using System.Text.Json.Nodes;
using IntegrationHub.Host.Http;
using IntegrationHub.Host.Security;
using IntegrationHub.Workflows.Catalog;
using IntegrationHub.Workflows.Elsa;

namespace IntegrationHub.Host.Designer;

/// <summary>
/// The workflow-definition part of Elsa's REST API that Elsa Studio's editor and list use, over the hub's catalog:
/// definitions are the hub's workflows as Elsa JSON (<see cref="ElsaExporter"/>), and saving writes the workflow's file
/// (<see cref="DesignerSaves"/>). The hub has no drafts: a saved file that validates is live, so publish answers the
/// definition as it is and retract is refused with the reason.
/// </summary>
internal static class ElsaDefinitionsApi
{
    public static RouteGroupBuilder MapElsaDefinitions(this RouteGroupBuilder api)
    {
        api.MapGet("/workflow-definitions", (int? page, int? pageSize, string? searchTerm, ClaimsPrincipal user, WorkflowCatalog catalog) =>
        {
            var all = catalog.Active.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => d.Value.Values.Last())
                .Where(e => searchTerm is not { Length: > 0 } || e.DefinitionId.Contains(searchTerm, StringComparison.OrdinalIgnoreCase)
                    || (e.Workflow.Definition.Name ?? "").Contains(searchTerm, StringComparison.OrdinalIgnoreCase)).ToList();
            var size = Math.Clamp(pageSize ?? 50, 1, 500);
            var items = all.Skip(Math.Max(0, page ?? 0) * size).Take(size).Select(Summary);
            var links = user.HasScope(Scopes.WorkflowsWrite) ? new JsonArray(Link("/workflow-definitions", "bulk-publish", "POST")) : new JsonArray();
            return Results.Ok(new JsonObject { ["items"] = new JsonArray([.. items]), ["totalCount"] = all.Count, ["links"] = links });
        }).WithName("ElsaListWorkflowDefinitions").RequireScope(Scopes.WorkflowsRead);

        api.MapGet("/workflow-definitions/query/count", (WorkflowCatalog catalog) => Results.Ok(new JsonObject { ["count"] = catalog.Active.Count() }))
            .WithName("ElsaCountWorkflowDefinitions").RequireScope(Scopes.WorkflowsRead);

        api.MapGet("/workflow-definitions/by-definition-id/{definitionId}", (string definitionId, string? versionOptions, ClaimsPrincipal user, WorkflowCatalog catalog, ElsaExporter exporter) =>
            Find(catalog, definitionId, versionOptions) is { } entry ? Results.Ok(Definition(entry, exporter, user)) : NotFound(definitionId))
            .WithName("ElsaGetWorkflowDefinition").RequireScope(Scopes.WorkflowsRead);

        api.MapGet("/workflow-definitions/by-id/{id}", (string id, ClaimsPrincipal user, WorkflowCatalog catalog, ElsaExporter exporter) =>
            ById(catalog, id) is { } entry ? Results.Ok(Definition(entry, exporter, user)) : NotFound(id))
            .WithName("ElsaGetWorkflowDefinitionVersion").RequireScope(Scopes.WorkflowsRead);

        api.MapGet("/workflow-definitions/{definitionId}/consumers", (string definitionId) => Results.Ok(new JsonObject { ["consumingWorkflowDefinitions"] = new JsonArray() }))
            .WithName("ElsaWorkflowDefinitionConsumers").RequireScope(Scopes.WorkflowsRead);

        api.MapGet("/workflow-definitions/validation/is-name-unique", (string? name, string? definitionId, WorkflowCatalog catalog) =>
            Results.Ok(new JsonObject
            {
                ["isUnique"] = !catalog.Active.Any(d => d.Key != definitionId && string.Equals(d.Value.Values.Last().Workflow.Definition.Name, name, StringComparison.OrdinalIgnoreCase)),
            })).WithName("ElsaIsNameUnique").RequireScope(Scopes.WorkflowsRead);

        api.MapPost("/workflow-definitions", SaveAsync).WithName("ElsaSaveWorkflowDefinition").RequireScope(Scopes.WorkflowsWrite);

        api.MapPost("/workflow-definitions/{definitionId}/publish", (string definitionId, ClaimsPrincipal user, WorkflowCatalog catalog, ElsaExporter exporter) =>
            catalog.Find(definitionId) is { } entry
                ? Results.Ok(new JsonObject { ["workflowDefinition"] = Definition(entry, exporter, user), ["alreadyPublished"] = true, ["consumingWorkflowCount"] = 0 })
                : NotFound(definitionId)).WithName("ElsaPublishWorkflowDefinition").RequireScope(Scopes.WorkflowsWrite);

        api.MapPost("/workflow-definitions/{definitionId}/retract", (string definitionId) =>
            Problems.Create(StatusCodes.Status409Conflict, "The hub has no drafts",
                $"A workflow file that validates is live; to stop '{definitionId}', remove its file from the workflows folder (its running instances finish on their version)."))
            .WithName("ElsaRetractWorkflowDefinition").RequireScope(Scopes.WorkflowsWrite);

        return api;
    }

    private static async Task<IResult> SaveAsync(HttpContext context, ClaimsPrincipal user, DesignerSaves saves, ElsaExporter exporter, CancellationToken cancellationToken)
    {
        var (body, refusal) = await RequestBody.ReadOptionalJsonAsync(context.Request, DesignerSaves.MaxBytes, "the designer's limit", "The workflow definition is not valid JSON.", cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        if (body is not JsonObject { } request || request["model"] is not JsonObject model)
        {
            return Problems.Invalid("model", "The body is { \"model\": <workflow definition>, \"publish\": true|false }.", "The save request is not valid.");
        }

        var saved = await saves.SaveAsync(model, user.ClientId(), cancellationToken);
        return saved.Errors is { Count: > 0 } errors
            ? Results.ValidationProblem(new Dictionary<string, string[]> { ["model"] = [.. errors] }, title: "The workflow does not validate; nothing was written.")
            : Results.Ok(new JsonObject { ["workflowDefinition"] = Definition(saved.Entry!, exporter, user), ["alreadyPublished"] = false, ["consumingWorkflowCount"] = 0 });
    }

    /// <summary>Elsa's version options: <c>Latest</c>, <c>Published</c>, <c>LatestOrPublished</c> and the like give the newest; <c>Version:N</c> or a number a given one.</summary>
    internal static CatalogEntry? Find(WorkflowCatalog catalog, string definitionId, string? versionOptions)
    {
        var text = versionOptions?.StartsWith("Version:", StringComparison.OrdinalIgnoreCase) == true ? versionOptions[8..] : versionOptions;
        return int.TryParse(text, out var version) ? catalog.Find(definitionId, version) : catalog.Find(definitionId);
    }

    /// <summary>A version id as the hub gives it (<c>{definitionId}-v{version}</c>).</summary>
    private static CatalogEntry? ById(WorkflowCatalog catalog, string id)
    {
        var at = id.LastIndexOf("-v", StringComparison.Ordinal);
        return at > 0 && int.TryParse(id[(at + 2)..], out var version) ? catalog.Find(id[..at], version) : catalog.Find(id);
    }

    /// <summary>The definition as Elsa's API answers it: the export plus the version fields of Elsa's model.</summary>
    internal static JsonObject Definition(CatalogEntry entry, ElsaExporter exporter, ClaimsPrincipal user)
    {
        var json = exporter.Export(entry.Workflow.Definition);
        json["id"] = $"{entry.DefinitionId}-v{entry.Version}";
        json["version"] = entry.Version;
        json["name"] ??= entry.DefinitionId;
        json["createdAt"] ??= File.Exists(entry.Path) ? new DateTimeOffset(File.GetLastWriteTimeUtc(entry.Path), TimeSpan.Zero).ToString("O") : null;
        json["isLatest"] = true;
        json["isPublished"] = true;
        json["isReadonly"] = !user.HasScope(Scopes.WorkflowsWrite);
        json["materializerName"] = "Json";
        foreach (var list in new[] { "variables", "inputs", "outputs", "outcomes" })
        {
            json[list] ??= new JsonArray();
        }

        json["customProperties"] ??= new JsonObject();
        json["options"] ??= new JsonObject();
        // Elsa Studio lets a person edit when the definition links to its publish action (HATEOAS): only with workflows:write.
        json["links"] = user.HasScope(Scopes.WorkflowsWrite)
            ? new JsonArray(Link($"/workflow-definitions/{entry.DefinitionId}/publish", "publish", "POST"), Link("/workflow-definitions", "save", "POST"))
            : new JsonArray();
        if (json["root"] is JsonObject root)
        {
            AddNodeIds(root, "Workflow1");
        }

        return json;
    }

    /// <summary>Elsa Studio indexes activities by <c>nodeId</c> (the ids from the root down, joined by ':'); definitions without them get them.</summary>
    private static void AddNodeIds(JsonObject activity, string parent)
    {
        var nodeId = $"{parent}:{activity["id"]?.GetValue<string>()}";
        activity["nodeId"] ??= nodeId;
        foreach (var child in (activity["activities"] as JsonArray ?? []).OfType<JsonObject>())
        {
            AddNodeIds(child, nodeId);
        }
    }

    private static JsonObject Link(string path, string rel, string method) =>
        new() { ["href"] = DesignerTokens.ApiPath + path, ["rel"] = rel, ["method"] = method };

    private static JsonObject Summary(CatalogEntry entry) => new()
    {
        ["id"] = $"{entry.DefinitionId}-v{entry.Version}",
        ["definitionId"] = entry.DefinitionId,
        ["name"] = entry.Workflow.Definition.Name ?? entry.DefinitionId,
        ["description"] = entry.Workflow.Definition.Description,
        ["version"] = entry.Version,
        ["isLatest"] = true,
        ["isPublished"] = true,
        ["isReadonly"] = false,
        ["materializerName"] = "Json",
        ["isMaterializerAvailable"] = true,
        ["createdAt"] = File.Exists(entry.Path) ? new DateTimeOffset(File.GetLastWriteTimeUtc(entry.Path), TimeSpan.Zero).ToString("O") : null,
        ["links"] = new JsonArray(),
    };

    private static IResult NotFound(string id) => Problems.Create(StatusCodes.Status404NotFound, "Workflow not found", $"No workflow '{id}' is loaded.");
}
