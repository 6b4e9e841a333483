namespace IntegrationHub.Workflows.Model;

/// <summary>Where something is in a workflow file: 1-based line and column, and the path inside the definition.</summary>
public sealed record SourceLocation(string File, int Line, int Column, string Path)
{
    public override string ToString() => $"{File}:{Line}:{Column} {Path}";
}
