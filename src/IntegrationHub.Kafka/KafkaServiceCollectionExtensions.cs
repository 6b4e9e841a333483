using IntegrationHub.Diagnostics;
using IntegrationHub.Kafka.Consuming;
using IntegrationHub.Kafka.Producing;
using IntegrationHub.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace IntegrationHub.Kafka;

public static class KafkaServiceCollectionExtensions
{
    /// <summary>Registers the Kafka connection (configured or embedded), the publisher and the health check.</summary>
    public static KafkaBuilder AddHubKafka(this IServiceCollection services)
    {
        services.AddOptions<KafkaOptions>().BindConfiguration(KafkaOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<FlowCounters>();
        services.TryAddSingleton<KafkaConnection>();
        services.TryAddSingleton<KafkaProducerHost>();
        services.TryAddSingleton<IMessagePublisher, KafkaMessagePublisher>();
        services.TryAddSingleton<KafkaConsumerFactory>();
        services.TryAddSingleton<DeadLetterReplayer>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, KafkaProducerWarmUp>());
        services.AddHealthChecks().AddCheck<KafkaHealthCheck>("kafka", tags: ["ready"]);
        return new KafkaBuilder(services);
    }
}

/// <summary>Chains consumer registrations after <see cref="KafkaServiceCollectionExtensions.AddHubKafka"/>.</summary>
public sealed class KafkaBuilder(IServiceCollection services)
{
    public IServiceCollection Services => services;

    /// <summary>Runs <typeparamref name="THandler"/> (scoped, one per record) for every record of <paramref name="topic"/> in consumer group <paramref name="groupId"/>.</summary>
    public KafkaBuilder AddConsumer<THandler>(string topic, string groupId)
        where THandler : class, IMessageHandler
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentException.ThrowIfNullOrWhiteSpace(groupId);
        services.TryAddScoped<THandler>();
        var subscription = new KafkaSubscription(topic, groupId, sp => sp.GetRequiredService<THandler>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<KafkaConsumerFactory>().Create(subscription));
        return this;
    }
}
