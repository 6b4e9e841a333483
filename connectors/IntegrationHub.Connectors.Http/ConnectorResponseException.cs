namespace IntegrationHub.Connectors.Http;

/// <summary>A vendor answered something the connector cannot use (malformed body, unexpected shape).</summary>
public class ConnectorResponseException(string message, Exception? inner = null) : Exception(message, inner);
