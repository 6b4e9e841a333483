using System.Text.Json;

namespace IntegrationHub.Orders;

/// <summary>
/// The one definition of how canonical records (orders and their lines) are written as JSON everywhere: the order
/// intake's outbox, the Kafka CloudEvent data, workflow inputs and the connectors that read them back. camelCase
/// names, case-insensitive reading, numbers as JSON numbers (money stays <see cref="decimal"/>).
/// </summary>
public static class CanonicalJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
