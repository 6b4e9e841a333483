using System.Text.Json;
using IntegrationHub.Workflows.Catalog;
using IntegrationHub.Workflows.Elsa;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Host.Cli;

/// <summary><c>export &lt;definitionId&gt; --format elsa</c>: a workflow of the folder as an Elsa 3 definition, to a file or standard output.</summary>
internal static class ExportCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static int Run(string definitionId, string format, string folder, string? outputFile, Func<(WorkflowCatalog, IServiceProvider)> catalogFactory, TextWriter output, TextWriter error)
    {
        if (format != "elsa")
        {
            error.WriteLine($"export: format '{format}' is not known; the one export format is elsa");
            return 2;
        }

        if (!Directory.Exists(folder))
        {
            error.WriteLine($"export: no such folder: {folder}");
            return 2;
        }

        var (catalog, services) = catalogFactory();
        catalog.LoadFolder(folder);
        if (catalog.Find(definitionId) is not { } entry)
        {
            var rejected = catalog.Rejected.Values.SelectMany(r => r.Errors).ToList();
            error.WriteLine(rejected.Count > 0
                ? $"export: '{definitionId}' is not loaded; rejected files:{Environment.NewLine}{string.Join(Environment.NewLine, rejected)}"
                : $"export: no workflow '{definitionId}' in {folder}");
            return 2;
        }

        var json = services.GetRequiredService<ElsaExporter>().Export(entry.Workflow.Definition).ToJsonString(Indented);
        if (outputFile is null)
        {
            output.WriteLine(json);
            return 0;
        }

        try
        {
            File.WriteAllText(outputFile, json + Environment.NewLine);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"export: cannot write {outputFile}: {ex.Message}");
            return 2;
        }

        output.WriteLine($"{definitionId} v{entry.Version} written to {outputFile} (Elsa 3 definition)");
        return 0;
    }
}
