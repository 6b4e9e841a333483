using System.Text.RegularExpressions;
using IntegrationHub.Messaging;
using IntegrationHub.Workflows.Activities;

namespace IntegrationHub.Workflows.Runtime.Activities;

/// <summary>
/// Publishes a CloudEvent (binary mode: <c>ce_*</c> headers, JSON payload as the value) to a Kafka topic through the
/// hub's <see cref="IMessagePublisher"/> and completes only once the cluster confirmed it (acks=all). A failed publish
/// faults the activity (a <c>retry</c> policy applies); a retry may publish a duplicate, which consumers absorb by
/// event id plus source, so give a stable <c>eventId</c> when the payload has one.
/// </summary>
[Activity("PublishMessage", "Publishes a CloudEvent with a JSON payload to a Kafka topic and waits for the cluster to confirm it.", SideEffects = true)]
[ActivityInput("topic", typeof(string), "The Kafka topic (a literal must be a known topic: Kafka:Topics or the hub's own).", Required = true, NameKind = NameKinds.Topic)]
[ActivityInput("key", typeof(string), "The record key (records with one key stay in order on one partition).", Required = true)]
[ActivityInput("eventType", typeof(string), "The CloudEvents type (ce_type), e.g. com.example.order.synced.v1.", Required = true)]
[ActivityInput("payload", typeof(JsonNode), "The event data as JSON: a literal structure or an expression.", Required = true)]
[ActivityInput("source", typeof(string), "The CloudEvents source (a URI reference). The default is /integration-hub/workflows/<definitionId>.")]
[ActivityInput("subject", typeof(string), "The CloudEvents subject, e.g. the order number.")]
[ActivityInput("eventId", typeof(string), "The CloudEvents id (ce_id). The default is a new UUIDv7; a stable id lets consumers recognise a republished event.")]
[ActivityInput("resultVariable", typeof(string), "Declared json variable that receives { topic, partition, offset, id }.", VariableName = true)]
internal sealed partial class PublishMessageActivity : IActivity
{
    [GeneratedRegex("^[A-Za-z0-9._-]{1,249}$")]
    private static partial Regex TopicName();

    public async ValueTask<string> ExecuteAsync(ActivityContext context)
    {
        // Resolved per execution, not injected: the CLI validates files without a Kafka connection.
        var message = Build(context, context.Services.GetRequiredService<TimeProvider>());
        var publisher = context.Services.GetService<IMessagePublisher>()
            ?? throw new InvalidOperationException("No Kafka publisher in this process (the CLI's run has none: use --dry-run, or run the workflow on the hub).");
        var receipt = await publisher.PublishAsync(message, context.CancellationToken).ConfigureAwait(false);
        if (context.HasInput("resultVariable"))
        {
            context.SetVariable(context.Input<string>("resultVariable")!, new JsonObject
            {
                ["topic"] = receipt.Topic,
                ["partition"] = receipt.Partition,
                ["offset"] = receipt.Offset,
                ["id"] = message.Event.Id,
            });
        }

        return ActivityOutcomes.Done;
    }

    /// <summary>The message the inputs describe; throws <see cref="ArgumentException"/> naming the bad input.</summary>
    internal static OutgoingMessage Build(ActivityContext context, TimeProvider time)
    {
        var topic = context.Input<string>("topic");
        if (topic is null || !TopicName().IsMatch(topic) || topic is "." or "..")
        {
            throw new ArgumentException($"topic '{topic}' is not a Kafka topic name (1-249 of A-Z a-z 0-9 . _ -).");
        }

        var key = context.Input<string>("key");
        if (string.IsNullOrEmpty(key))
        {
            throw new ArgumentException("key is empty.");
        }

        var type = context.Input<string>("eventType");
        if (string.IsNullOrWhiteSpace(type))
        {
            throw new ArgumentException("eventType (the CloudEvents type) is empty.");
        }

        var sourceText = context.Input<string>("source") ?? $"/integration-hub/workflows/{context.DefinitionId}";
        if (!Uri.TryCreate(sourceText, UriKind.RelativeOrAbsolute, out var source) || sourceText.Length == 0)
        {
            throw new ArgumentException($"source '{sourceText}' is not a URI reference.");
        }

        var now = time.GetUtcNow();
        var id = context.Input<string>("eventId");
        return new OutgoingMessage(topic, key, new CloudEvent
        {
            Id = string.IsNullOrEmpty(id) ? Guid.CreateVersion7(now).ToString() : id,
            Source = source,
            Type = type,
            Time = now,
            Subject = context.Input<string>("subject"),
            Data = System.Text.Encoding.UTF8.GetBytes(context.Input<JsonNode>("payload")?.ToJsonString() ?? "null"),
        });
    }
}
