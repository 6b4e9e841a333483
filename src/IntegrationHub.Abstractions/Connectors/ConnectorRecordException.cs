namespace IntegrationHub.Connectors;

/// <summary>One record was refused (see <see cref="Error"/>); other records of the same batch are unaffected.</summary>
public sealed class ConnectorRecordException(string connector, RecordError error, Exception? inner = null)
    : ConnectorException(connector, $"{connector} refused {error.Record}: {error.Code} {error.Message}", inner)
{
    public RecordError Error { get; } = error;
}
