namespace IntegrationHub.Workflows.Activities;

/// <summary>
/// What the host knows by name (topics, HTTP clients, connectors, workflows), so a literal name in a workflow file is
/// checked when it loads. The host fills it; the engine's default knows nothing and checks nothing.
/// </summary>
public interface IKnownNames
{
    /// <summary>The known names of <paramref name="kind"/> (see <see cref="NameKinds"/>), or null when this host does not track that kind.</summary>
    IReadOnlyCollection<string>? Names(string kind);
}
