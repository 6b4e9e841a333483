using IntegrationHub.Kafka.Consuming;
using IntegrationHub.Workflows.Model;

namespace IntegrationHub.Workflows.Runtime.Triggers.Kafka;

/// <summary>
/// Runs one Kafka consumer group per workflow with a <c>Kafka.MessageReceived</c> trigger (group <c>hub.wf.&lt;definitionId&gt;</c>
/// unless the trigger names one), each record starting an instance of the workflow's newest version. Re-reads the
/// catalog when it changes: a new workflow gets its consumer; a changed topic or group restarts it; a workflow that is
/// removed or loses its Kafka trigger has its consumer stopped (its group's offsets stay committed, so nothing it
/// had not handled is skipped if the workflow returns).
/// </summary>
internal sealed partial class KafkaWorkflowTriggers(
    WorkflowCatalog catalog,
    KafkaConsumerFactory consumers,
    IWorkflowStarter runner,
    TimeProvider time,
    ILogger<KafkaWorkflowTriggers> logger) : CatalogSyncService(catalog)
{
    private readonly Dictionary<string, (KafkaSubscription Subscription, KafkaConsumerService Consumer)> _running = new(StringComparer.Ordinal);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(_running.Values.Select(r => r.Consumer.StopAsync(cancellationToken))).ConfigureAwait(false);
        foreach (var (_, consumer) in _running.Values)
        {
            consumer.Dispose();
        }

        _running.Clear();
    }

    protected override async Task SyncAsync(CancellationToken cancellationToken)
    {
        var wanted = new Dictionary<string, TriggerDefinition>(StringComparer.Ordinal);
        foreach (var (definitionId, versions) in Catalog.Active)
        {
            if (versions.Values.Last().Workflow.Definition.Triggers.FirstOrDefault(t => t.Type == DurableWorkflowsServiceCollectionExtensions.KafkaTrigger) is { } kafka)
            {
                wanted[definitionId] = kafka;
            }
        }

        foreach (var definitionId in _running.Keys.Where(id => !wanted.ContainsKey(id)).ToList())
        {
            var (subscription, consumer) = _running[definitionId];
            await consumer.StopAsync(cancellationToken).ConfigureAwait(false);
            consumer.Dispose();
            _running.Remove(definitionId);
            LogStopped(logger, definitionId, subscription.Topic, subscription.GroupId);
        }

        foreach (var (definitionId, trigger) in wanted)
        {
            var topic = Text(trigger, "topic")!;
            var group = Text(trigger, "group") ?? $"hub.wf.{definitionId}";
            if (_running.TryGetValue(definitionId, out var current))
            {
                if (current.Subscription.Topic == topic && current.Subscription.GroupId == group)
                {
                    continue;
                }

                await current.Consumer.StopAsync(cancellationToken).ConfigureAwait(false);
                current.Consumer.Dispose();
            }

            var id = definitionId;
            var subscription = new KafkaSubscription(topic, group, _ => new WorkflowMessageHandler(id, Catalog, runner, time)) { Flow = id };
            var consumer = consumers.Create(subscription);
            _running[definitionId] = (subscription, consumer);
            await consumer.StartAsync(cancellationToken).ConfigureAwait(false);
            LogStarted(logger, definitionId, topic, group);
        }
    }

    private static string? Text(TriggerDefinition trigger, string name) =>
        trigger.Settings.TryGetValue(name, out var value) && value is LiteralSource { Value: { } v } ? v.GetValue<string>() : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow {DefinitionId} is triggered by topic {Topic} (consumer group {Group})")]
    private static partial void LogStarted(ILogger logger, string definitionId, string topic, string group);

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow {DefinitionId} is no longer triggered by topic {Topic}; consumer group {Group} stopped")]
    private static partial void LogStopped(ILogger logger, string definitionId, string topic, string group);
}
