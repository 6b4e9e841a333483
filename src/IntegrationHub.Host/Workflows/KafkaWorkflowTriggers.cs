using IntegrationHub.Kafka.Consuming;
using IntegrationHub.Workflows.Catalog;
using IntegrationHub.Workflows.Model;

namespace IntegrationHub.Host.Workflows;

/// <summary>
/// Runs one Kafka consumer group per workflow with a <c>Kafka.MessageReceived</c> trigger (group <c>hub.wf.&lt;definitionId&gt;</c>
/// unless the trigger names one), each record starting an instance of the workflow's newest version. Re-reads the
/// catalog when it changes: a new workflow gets its consumer; a changed topic or group restarts it.
/// </summary>
internal sealed partial class KafkaWorkflowTriggers(
    WorkflowCatalog catalog,
    KafkaConsumerFactory consumers,
    WorkflowRunService runner,
    ILogger<KafkaWorkflowTriggers> logger) : BackgroundService
{
    private readonly Dictionary<string, (KafkaSubscription Subscription, KafkaConsumerService Consumer)> _running = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _changed = new(0, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        catalog.Changed += OnChanged;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await SyncAsync(stoppingToken).ConfigureAwait(false);
                await _changed.WaitAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            catalog.Changed -= OnChanged;
        }
    }

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

    private async Task SyncAsync(CancellationToken cancellationToken)
    {
        foreach (var (definitionId, versions) in catalog.Definitions)
        {
            var trigger = versions.Values.Last().Workflow.Definition.Triggers.FirstOrDefault(t => t.Type == HubWorkflowRegistration.KafkaTrigger);
            if (trigger is null)
            {
                continue;
            }

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
            var subscription = new KafkaSubscription(topic, group, _ => new WorkflowMessageHandler(id, catalog, runner));
            var consumer = consumers.Create(subscription);
            _running[definitionId] = (subscription, consumer);
            await consumer.StartAsync(cancellationToken).ConfigureAwait(false);
            LogStarted(logger, definitionId, topic, group);
        }
    }

    private void OnChanged(object? sender, EventArgs e)
    {
        try
        {
            _changed.Release();
        }
        catch (SemaphoreFullException)
        {
            // A sync is already pending.
        }
    }

    private static string? Text(TriggerDefinition trigger, string name) =>
        trigger.Settings.TryGetValue(name, out var value) && value is LiteralSource { Value: { } v } ? v.GetValue<string>() : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow {DefinitionId} is triggered by topic {Topic} (consumer group {Group})")]
    private static partial void LogStarted(ILogger logger, string definitionId, string topic, string group);
}
