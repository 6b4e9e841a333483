using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Workflows;
using IntegrationHub.Workflows.Catalog;
using IntegrationHub.Workflows.Elsa;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Designer;

/// <summary>
/// Writes a definition saved in the designer to its workflow file, so it stays reviewable in git. The file is the
/// definition's own (a new definition gets <c>{definitionId}.json</c> in the workflows folder), written as Elsa JSON
/// (the hub reads it back by its shape), with the next version. It is validated by the engine before a byte is written:
/// a definition with errors leaves the file as it was and the errors go back to the designer. The write is atomic (a
/// temporary file moved into place), one save at a time, and the catalog loads the file at once (the folder watcher
/// then finds it unchanged).
/// </summary>
internal sealed partial class DesignerSaves(WorkflowCatalog catalog, WorkflowEngine engine, IOptions<WorkflowEngineOptions> workflows, ILogger<DesignerSaves> logger)
{
    /// <summary>The largest definition the designer may send.</summary>
    public const int MaxBytes = 2 * 1024 * 1024;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly string[] NotWritten = ["links", "isLatest", "isPublished", "isReadonly", "materializerName", "isMaterializerAvailable"];
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<(CatalogEntry? Entry, IReadOnlyList<string>? Errors)> SaveAsync(JsonObject model, string client, CancellationToken cancellationToken)
    {
        if (model["definitionId"] is not JsonValue idValue || !idValue.TryGetValue<string>(out var definitionId) || definitionId.Length == 0)
        {
            return (null, ["the definition has no definitionId"]);
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            var existing = catalog.Definitions.GetValueOrDefault(definitionId)?.Values.Last();
            var path = existing?.Path ?? System.IO.Path.Combine(System.IO.Path.GetFullPath(workflows.Value.Path), definitionId + ".json");
            var file = new JsonObject { ["$schema"] = ElsaExporter.Schema };
            foreach (var (name, value) in model)
            {
                if (name != "$schema" && !NotWritten.Contains(name, StringComparer.Ordinal))
                {
                    file[name] = value?.DeepClone();
                }
            }

            file["version"] = (existing?.Version ?? 0) + 1;
            file["id"] = $"{definitionId}-v{file["version"]}";
            var text = file.ToJsonString(Indented) + Environment.NewLine;
            var check = engine.Load(System.IO.Path.GetFileName(path), text); // errors name the file, not where the hub keeps it
            if (!check.Succeeded)
            {
                // The designer shows the errors; the definition id must fit the hub (Elsa's generated ids do).
                return (null, [.. check.Errors.Select(e => e.ToString())]);
            }

            var temporary = path + ".saving";
            await File.WriteAllTextAsync(temporary, text, cancellationToken);
            File.Move(temporary, path, overwrite: true);
            var entry = catalog.LoadFile(path) ?? catalog.Find(definitionId);
            DesignerLog.Saved(logger, definitionId, entry?.Version ?? 0, System.IO.Path.GetFileName(path), client);
            return (entry, entry is null ? [$"{System.IO.Path.GetFileName(path)} was written but did not load; see GET /api/v1/workflows"] : null);
        }
        finally
        {
            _gate.Release();
        }
    }
}

internal static partial class DesignerLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Designer saved workflow {DefinitionId} v{Version} to {File} (client {Client})")]
    public static partial void Saved(ILogger logger, string definitionId, int version, string file, string client);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The designer is not installed: no Elsa Studio files in {Path} (./build.sh setup fetches them); /designer/ says so")]
    public static partial void NotInstalled(ILogger logger, string path);
}
