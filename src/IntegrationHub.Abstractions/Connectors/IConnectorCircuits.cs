namespace IntegrationHub.Connectors;

/// <summary>The circuit state of every connector whose HTTP pipeline has been built in this process.</summary>
public interface IConnectorCircuits
{
    /// <summary>Every connector whose HTTP pipeline is registered (the shared plumbing's <c>AddConnectorHttpClient</c>), in name order.</summary>
    IReadOnlyList<ConnectorCircuitSnapshot> GetAll();

    /// <summary>One connector's circuit, or <see langword="null"/> for a name that was never registered.</summary>
    ConnectorCircuitSnapshot? Get(string connector);
}
