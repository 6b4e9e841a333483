using System.Text.Json.Nodes;
using IntegrationHub.Workflows.Activities;
using IntegrationHub.Workflows.Loading;
using IntegrationHub.Workflows.Execution;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Workflows;

/// <summary>Loads workflow files into executable versions and runs instances of them.</summary>
public sealed class WorkflowEngine(
    ActivityRegistry activities,
    IOptions<WorkflowEngineOptions> options,
    IServiceProvider services,
    ILoggerFactory loggers,
    TimeProvider time,
    IKnownNames knownNames)
{
    private readonly ILogger _logger = loggers.CreateLogger("IntegrationHub.Workflows.Run");
    private WorkflowCompiler? _compiler;
    private WorkflowRuntimeSettings? _settings;

    private WorkflowCompiler Compiler => _compiler ??= new WorkflowCompiler(activities, options.Value.Triggers, time, _logger, options.Value.TriggerChecks)
    {
        KnownNames = knownNames,
        TriggerNames = options.Value.TriggerNames,
    };

    private WorkflowRuntimeSettings Settings => _settings ??= new WorkflowRuntimeSettings(services, _logger, time, options.Value.Journal, new SensitiveDataMasker(options.Value.MaskedFields, options.Value.MaxJournalValueBytes));

    /// <summary>Parses (the hub's YAML/JSON, or an Elsa 3 definition recognised by its shape), validates and compiles one file. Every problem comes back at once; nothing is half-loaded.</summary>
    public WorkflowLoadResult Load(string file, string text)
    {
        var (definition, readErrors) = Elsa.ElsaDefinitionReader.Recognise(text, out var elsa, out var jsonError)
            ? Elsa.ElsaDefinitionReader.Read(file, text, elsa, jsonError)
            : YamlWorkflowReader.Read(file, text);
        if (definition is null)
        {
            return new WorkflowLoadResult(null, readErrors);
        }

        var (workflow, compileErrors) = Compiler.Compile(definition);
        if (readErrors.Count == 0)
        {
            return new WorkflowLoadResult(workflow, compileErrors);
        }

        var all = readErrors.Concat(compileErrors).OrderBy(e => e.Location.Line).ThenBy(e => e.Location.Column).ToList();
        return new WorkflowLoadResult(null, all);
    }

    /// <summary>
    /// Retries a faulted instance after its cause was fixed: restores its variables and resumes at the root's child on
    /// the incident's path (a failed activity inside a composite re-runs that composite from its start).
    /// </summary>
    public ValueTask<WorkflowRunResult> RetryAsync(ExecutableWorkflow workflow, JsonNode? input, IReadOnlyDictionary<string, object?> variables, WorkflowIncident incident, CancellationToken cancellationToken = default)
    {
        var resumeAt = incident.Path.Count > 1 ? incident.Path[1] : null;
        return new WorkflowExecution(workflow, input, Settings, cancellationToken, variables).RunAsync(resumeAt);
    }

    /// <summary>
    /// Runs an instance in memory as a dry run: activities with side effects (publish, HTTP, connector writes) are not
    /// executed but journaled as <c>skipped (dry run)</c> with their evaluated inputs; child workflows are dry runs too.
    /// </summary>
    public ValueTask<WorkflowRunResult> DryRunAsync(ExecutableWorkflow workflow, JsonNode? input = null, CancellationToken cancellationToken = default) =>
        DryRun.RunAsync(() => RunAsync(workflow, input, cancellationToken));

    /// <summary>
    /// Continues a suspended instance at <paramref name="position"/> with its saved variables: the suspended activity
    /// gets the stimulus, everything after it runs as usual (and may suspend again).
    /// </summary>
    public ValueTask<WorkflowRunResult> ResumeAsync(ExecutableWorkflow workflow, JsonNode? input, IReadOnlyDictionary<string, object?> variables, WorkflowPosition position, BookmarkStimulus stimulus, CancellationToken cancellationToken = default) =>
        new WorkflowExecution(workflow, input, Settings, cancellationToken, variables).ResumeAsync(position, stimulus);

    /// <summary>Runs an instance in memory until it ends (Finished, Faulted or Cancelled) or suspends on a bookmark.</summary>
    public ValueTask<WorkflowRunResult> RunAsync(ExecutableWorkflow workflow, JsonNode? input = null, CancellationToken cancellationToken = default) =>
        new WorkflowExecution(workflow, input, Settings, cancellationToken).RunAsync();
}

/// <summary>The outcome of loading a file: the executable workflow, or every error found.</summary>
public sealed record WorkflowLoadResult(ExecutableWorkflow? Workflow, IReadOnlyList<WorkflowDiagnostic> Errors)
{
    public bool Succeeded => Workflow is not null;
}
