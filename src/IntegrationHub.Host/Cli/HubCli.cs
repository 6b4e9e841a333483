using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Host.Workflows;
using IntegrationHub.Workflows;
using IntegrationHub.Workflows.Activities;
using IntegrationHub.Workflows.Catalog;
using IntegrationHub.Workflows.Execution;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Cli;

/// <summary>
/// CLI verbs on the host binary (<c>dotnet run --project src/IntegrationHub.Host -- &lt;verb&gt;</c>): <c>validate</c> for a
/// workflow repository's CI, <c>run</c> to try a workflow locally, <c>schema</c> to regenerate workflow.schema.json.
/// Anything else starts the hub.
/// </summary>
internal static class HubCli
{
    private static readonly string[] Verbs = ["validate", "run", "export", "schema", "retry", "cancel", "connectors", "backfill", "customer", "dead-letters", "quarantine", "--help", "-h", "-?"];

    public static bool IsVerb(string[] args) => args.Length > 0 && Verbs.Contains(args[0], StringComparer.Ordinal);

    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var pathArgument = new Argument<string>("path") { Description = "A workflow file or folder.", DefaultValueFactory = _ => "./workflows" };
        var validate = new Command("validate", "Check workflow files; prints file:line:col path: message for every error, exit code 1 if any.") { pathArgument };
        validate.SetAction(parse => Validate(parse.GetValue(pathArgument)!, output, error));

        var definitionArgument = new Argument<string>("definitionId") { Description = "The workflow to run (newest version)." };
        var inputOption = new Option<FileInfo?>("--input") { Description = "JSON file with the workflow input." };
        var folderOption = new Option<string>("--path") { Description = "Workflow folder.", DefaultValueFactory = _ => "./workflows" };
        var dryRunOption = new Option<bool>("--dry-run") { Description = "Do not execute activities with side effects (publish, HTTP, connector writes); journal them with their inputs." };
        var run = new Command("run", "Run a workflow once in memory and print its journal.") { definitionArgument, inputOption, folderOption, dryRunOption };
        run.SetAction((parse, cancellationToken) => RunWorkflowAsync(parse.GetValue(definitionArgument)!, parse.GetValue(inputOption), parse.GetValue(folderOption)!, parse.GetValue(dryRunOption), output, error, cancellationToken));

        var exportArgument = new Argument<string>("definitionId") { Description = "The workflow to export (newest version)." };
        var formatOption = new Option<string>("--format") { Description = "The format: elsa (an Elsa 3 workflow definition, JSON).", DefaultValueFactory = _ => "elsa" };
        var exportFolderOption = new Option<string>("--path") { Description = "Workflow folder.", DefaultValueFactory = _ => "./workflows" };
        var exportOutputOption = new Option<string?>("--output") { Description = "File to write; standard output when not given." };
        var export = new Command("export", "Write a workflow in another format: --format elsa gives an Elsa 3 definition that Elsa Studio opens and the hub reads back.")
            { exportArgument, formatOption, exportFolderOption, exportOutputOption };
        export.SetAction(parse => ExportCommand.Run(parse.GetValue(exportArgument)!, parse.GetValue(formatOption)!, parse.GetValue(exportFolderOption)!, parse.GetValue(exportOutputOption), Catalog, output, error));

        var outputOption = new Option<string>("--output") { Description = "Where to write the schema.", DefaultValueFactory = _ => "./workflows/workflow.schema.json" };
        var schema = new Command("schema", "Write the JSON Schema of workflow files for editors.") { outputOption };
        schema.SetAction(parse => WriteSchema(parse.GetValue(outputOption)!, output));

        var instanceArgument = new Argument<Guid>("instanceId") { Description = "The faulted workflow instance." };
        var urlOption = new Option<string>("--url") { Description = "The running hub.", DefaultValueFactory = _ => "http://127.0.0.1:5080/" };
        var retry = new Command("retry", "Retry a faulted workflow instance from its failed activity on a running hub (API key from HUB_API_KEY).") { instanceArgument, urlOption };
        retry.SetAction((parse, cancellationToken) => RetryAsync(parse.GetValue(instanceArgument), parse.GetValue(urlOption)!, output, error, cancellationToken));

        var cancelArgument = new Argument<Guid>("instanceId") { Description = "The workflow instance to cancel." };
        var cancel = new Command("cancel", "Cancel a suspended or running workflow instance on a running hub (API key from HUB_API_KEY).") { cancelArgument, urlOption };
        cancel.SetAction((parse, cancellationToken) => CancelAsync(parse.GetValue(cancelArgument), parse.GetValue(urlOption)!, output, error, cancellationToken));

        var connectorsUrlOption = new Option<string>("--url") { Description = "The running hub.", DefaultValueFactory = _ => "http://127.0.0.1:5080/" };
        var connectors = new Command("connectors", "List a running hub's connectors: entities with capabilities, health and circuit state (API key from HUB_API_KEY); exit code 1 if any is unhealthy.") { connectorsUrlOption };
        connectors.SetAction((parse, cancellationToken) => ConnectorsCommand.RunAsync(parse.GetValue(connectorsUrlOption)!, output, error, cancellationToken));

        var flowArgument = new Argument<string>("flow") { Description = "The flow (definition id) to re-read." };
        var fromOption = new Option<DateTimeOffset?>("--from") { Description = "Re-read changes made at or after this time (ISO 8601, e.g. 2026-11-01T00:00:00Z); the default is from the beginning." };
        var noWaitOption = new Option<bool>("--no-wait") { Description = "Return once the backfill is queued instead of following its progress." };
        var backfillUrlOption = new Option<string>("--url") { Description = "The running hub.", DefaultValueFactory = _ => "http://127.0.0.1:5080/" };
        var backfill = new Command("backfill", "Re-read an incremental flow from a time or from the beginning on a running hub, without duplicates, and follow its progress (API key from HUB_API_KEY).") { flowArgument, fromOption, noWaitOption, backfillUrlOption };
        backfill.SetAction((parse, cancellationToken) => BackfillCommand.RunAsync(parse.GetValue(flowArgument)!, parse.GetValue(fromOption), parse.GetValue(backfillUrlOption)!, !parse.GetValue(noWaitOption), output, error, cancellationToken));

        var hubIdArgument = new Argument<Guid>("hubId") { Description = "The customer's hub id." };
        var customerUrlOption = new Option<string>("--url") { Description = "The running hub.", DefaultValueFactory = _ => "http://127.0.0.1:5080/" };
        var customer = new Command("customer", "Print one customer's card from a running hub: ids per system, value tier, stage, RFM, lifetime value, payment behaviour, aging (API key from HUB_API_KEY); exit 1 when unknown.") { hubIdArgument, customerUrlOption };
        customer.SetAction((parse, cancellationToken) => CustomerCommand.RunAsync(parse.GetValue(hubIdArgument), parse.GetValue(customerUrlOption)!, output, error, cancellationToken));

        var root = new RootCommand("IntegrationHub: run without a verb to start the hub.") { validate, run, export, schema, retry, cancel, connectors, backfill, customer, DeadLettersCommand.Build(output, error), QuarantineCommand.Build(output, error) };
        return root.Parse(args).InvokeAsync();
    }

    private static int Validate(string path, TextWriter output, TextWriter error)
    {
        var (catalog, _) = Catalog();
        var files = File.Exists(path) ? [Path.GetFullPath(path)]
            : Directory.Exists(path) ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Where(WorkflowCatalog.IsWorkflowFile).Order(StringComparer.Ordinal).ToList()
            : null;
        if (files is null)
        {
            error.WriteLine($"validate: no such file or folder: {path}");
            return 2;
        }

        foreach (var file in files)
        {
            catalog.LoadFile(file);
        }

        foreach (var line in catalog.Rejected.Values.OrderBy(r => r.Path, StringComparer.Ordinal).SelectMany(r => r.Errors))
        {
            output.WriteLine(line);
        }

        output.WriteLine($"{files.Count} workflow files: {files.Count - catalog.Rejected.Count} valid, {catalog.Rejected.Count} with errors");
        return catalog.Rejected.Count == 0 ? 0 : 1;
    }

    private static async Task<int> RunWorkflowAsync(string definitionId, FileInfo? inputFile, string folder, bool dryRun, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var (catalog, services) = Catalog();
        catalog.LoadFolder(folder);
        if (catalog.Find(definitionId) is not { } entry)
        {
            error.WriteLine(catalog.Rejected.Count > 0
                ? $"run: '{definitionId}' is not loaded; rejected files:{Environment.NewLine}{string.Join(Environment.NewLine, catalog.Rejected.Values.SelectMany(r => r.Errors))}"
                : $"run: no workflow '{definitionId}' in {folder}");
            return 2;
        }

        JsonNode? input = null;
        if (inputFile is not null)
        {
            try
            {
                input = JsonNode.Parse(await File.ReadAllTextAsync(inputFile.FullName, cancellationToken));
            }
            catch (Exception ex) when (ex is JsonException or IOException)
            {
                error.WriteLine($"run: cannot read the input {inputFile.FullName}: {ex.Message}");
                return 2;
            }
        }

        var engine = services.GetRequiredService<WorkflowEngine>();
        var result = dryRun
            ? await engine.DryRunAsync(entry.Workflow, input, cancellationToken)
            : await engine.RunAsync(entry.Workflow, input, cancellationToken);
        output.WriteLine($"{entry.DefinitionId} v{entry.Version}: {result.Status} / {result.SubStatus}{(dryRun ? " (dry run: side effects skipped, nothing published or stored)" : "")}");
        output.WriteLine($"{"activity",-24} {"type",-16} {"outcome",-12} {"ms",9}  {"note",-18} error");
        foreach (var j in result.Journal)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{j.ActivityId,-24} {j.ActivityType,-16} {j.Outcome ?? "-",-12} {j.Duration.TotalMilliseconds,9:F3}  {j.Note ?? "",-18} {j.Error}").TrimEnd());
            if (j.Inputs is { Count: > 0 } inputs)
            {
                output.WriteLine($"{"",24}   inputs {inputs.ToJsonString()}");
            }
        }

        foreach (var (name, value) in result.Variables)
        {
            output.WriteLine($"var {name} = {JsonSerializer.Serialize(value)}");
        }

        foreach (var b in result.Bookmarks)
        {
            output.WriteLine($"waits at {b.ActivityId}: {b.Kind} {b.Name}{(b.CorrelationKey is null ? "" : $" (correlation {b.CorrelationKey})")}{(b.DueAt is { } due ? $" due {due:O}" : "")}");
        }

        return result.SubStatus == WorkflowSubStatus.Finished ? 0 : 1;
    }

    private static async Task<int> CancelAsync(Guid instanceId, string url, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (Hub("cancel", url, error) is not { } http)
        {
            return 2;
        }

        using (http)
        {
            try
            {
                using var response = await http.PostAsync($"api/v1/workflow-instances/{instanceId}/cancel", null, cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    var detail = JsonNode.Parse(body)?["detail"]?.GetValue<string>() ?? body;
                    error.WriteLine($"cancel: {(int)response.StatusCode} {detail}");
                    return response.StatusCode == System.Net.HttpStatusCode.NotFound ? 3 : 1;
                }

                var json = JsonDocument.Parse(body).RootElement;
                output.WriteLine(json.TryGetProperty("cancellation", out var requested) && requested.ValueKind == JsonValueKind.String
                    ? $"{instanceId}: cancellation requested (it is executing)"
                    : $"{instanceId}: {json.GetProperty("subStatus").GetString()}");
                return 0;
            }
            catch (HttpRequestException ex)
            {
                error.WriteLine($"cancel: cannot reach the hub at {http.BaseAddress}: {ex.Message}");
                return 2;
            }
        }
    }

    /// <summary>A client for the running hub at <paramref name="url"/> with the key from <c>HUB_API_KEY</c>; null (and why, on <paramref name="error"/>) for a bad URL.</summary>
    internal static HttpClient? Hub(string verb, string url, TextWriter error)
    {
        if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var hub) || hub.Scheme is not ("http" or "https"))
        {
            error.WriteLine($"{verb}: --url must be an http(s) URL, not '{url}'");
            return null;
        }

        var http = new HttpClient { BaseAddress = hub };
        http.DefaultRequestHeaders.Add("X-Api-Key", Environment.GetEnvironmentVariable("HUB_API_KEY") ?? "demo");
        return http;
    }

    private static async Task<int> RetryAsync(Guid instanceId, string url, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        using var http = HubCli.Hub("retry", url, error);
        if (http is null)
        {
            return 2;
        }

        try
        {
            using var response = await http.PostAsync($"api/v1/workflow-instances/{instanceId}/retry", null, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                error.WriteLine($"retry: {(int)response.StatusCode} {body}");
                return 2;
            }

            var subStatus = JsonDocument.Parse(body).RootElement.GetProperty("subStatus").GetString();
            output.WriteLine($"{instanceId}: {subStatus}");
            return subStatus == nameof(WorkflowSubStatus.Finished) ? 0 : 1;
        }
        catch (HttpRequestException ex)
        {
            error.WriteLine($"retry: cannot reach the hub at {http.BaseAddress}: {ex.Message}");
            return 2;
        }
    }

    private static int WriteSchema(string path, TextWriter output)
    {
        var (_, services) = Catalog();
        var schema = WorkflowSchema.Generate(services.GetRequiredService<ActivityRegistry>(), services.GetRequiredService<IOptions<WorkflowEngineOptions>>().Value.TriggerTypes);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, schema.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        output.WriteLine($"wrote {path}");
        return 0;
    }

    private static (WorkflowCatalog Catalog, IServiceProvider Services) Catalog()
    {
        var services = new ServiceCollection();
        // Same settings as the host (appsettings.json next to the binary, then environment), so names check alike.
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .Build());
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Critical));
        services.AddHubWorkflowEngine();
        var provider = services.BuildServiceProvider();
        return (provider.GetRequiredService<WorkflowCatalog>(), provider);
    }
}
