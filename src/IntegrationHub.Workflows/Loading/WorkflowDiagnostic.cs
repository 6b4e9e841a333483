using IntegrationHub.Workflows.Model;

namespace IntegrationHub.Workflows.Loading;

/// <summary>One problem in a workflow file, printed as <c>file:line:col path: message</c>.</summary>
public sealed record WorkflowDiagnostic(SourceLocation Location, string Message)
{
    public override string ToString() => $"{Location.File}:{Location.Line}:{Location.Column} {Location.Path}: {Message}";
}
