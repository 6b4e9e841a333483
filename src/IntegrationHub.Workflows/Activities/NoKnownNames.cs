namespace IntegrationHub.Workflows.Activities;

/// <summary>The engine's default <see cref="IKnownNames"/>: tracks no kind, so no name is checked.</summary>
internal sealed class NoKnownNames : IKnownNames
{
    public IReadOnlyCollection<string>? Names(string kind) => null;
}
