using System.Globalization;
using IntegrationHub.Messaging;

namespace IntegrationHub.Workflows.Runtime.Triggers.Kafka;

/// <summary>
/// Starts an instance of the newest version of a Kafka-triggered workflow per record. The input is
/// <c>{ event: {id, type, source, subject, time}, data, key, topic, partition, offset }</c>; the correlation id is the
/// event id. A faulted instance fails the record, so the transport retries it and finally dead-letters it. A record that
/// arrives while the workflow is retired (its file deleted; its consumer is being stopped) waits for the workflow to
/// come back or for the consumer to stop, and is then redelivered: it is never dead-lettered for that.
/// </summary>
internal sealed class WorkflowMessageHandler(string definitionId, WorkflowCatalog catalog, IWorkflowStarter runner, TimeProvider time) : IMessageHandler
{
    private const string Topic = "topic";
    private const string Partition = "partition";
    private const string Offset = "offset";
    private static readonly TimeSpan RetiredPoll = TimeSpan.FromMilliseconds(250);

    /// <summary>Whether an instance's input is one this handler built from a record (it names the record's topic, partition and offset).</summary>
    public static bool IsRecordInput(JsonNode? input) =>
        input is JsonObject o && o[Topic] is JsonValue && o[Partition] is JsonValue && o[Offset] is JsonValue;

    public async Task HandleAsync(ReceivedMessage message, CancellationToken cancellationToken = default)
    {
        CatalogEntry? entry;
        while ((entry = catalog.Find(definitionId)) is null)
        {
            await Task.Delay(RetiredPoll, time, cancellationToken).ConfigureAwait(false);
        }

        JsonNode? data;
        try
        {
            data = JsonNode.Parse(message.Event.Data.Span);
        }
        catch (JsonException ex)
        {
            throw new PoisonMessageException($"The event data is not JSON: {ex.Message}", ex);
        }

        var e = message.Event;
        var input = new JsonObject
        {
            ["event"] = new JsonObject
            {
                ["id"] = e.Id,
                ["type"] = e.Type,
                ["source"] = e.Source.ToString(),
                ["subject"] = e.Subject,
                ["time"] = e.Time.ToString("O", CultureInfo.InvariantCulture),
            },
            ["data"] = data,
            ["key"] = message.Key,
            [Topic] = message.Topic,
            [Partition] = message.Partition,
            [Offset] = message.Offset,
        };

        var (instanceId, result) = await runner.RunAsync(entry, input, e.Id, cancellationToken).ConfigureAwait(false);
        switch (result.SubStatus)
        {
            case WorkflowSubStatus.Faulted when result.Incident is { ExceptionType: nameof(PoisonMessageException) } poison:
                throw new PoisonMessageException($"{definitionId} v{entry.Version} instance {instanceId}: {poison.ActivityId}: {poison.Message}").WithInstance(definitionId, instanceId);
            case WorkflowSubStatus.Faulted:
                throw new WorkflowFaultedException($"{definitionId} v{entry.Version} instance {instanceId} faulted at {result.Incident?.ActivityId}: {result.Incident?.Message}")
                    .WithInstance(definitionId, instanceId);
            case WorkflowSubStatus.Cancelled:
                throw new OperationCanceledException($"{definitionId} instance {instanceId} was cancelled.", cancellationToken);
        }
    }
}

/// <summary>A workflow instance started by a message faulted; the message is retried and finally dead-lettered.</summary>
internal sealed class WorkflowFaultedException(string message) : Exception(message);
