using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Kafka.Producing;

/// <summary>
/// The process-wide idempotent producer (acks=all). Disposing flushes what is in flight, bounded by the delivery timeout.
/// </summary>
public sealed partial class KafkaProducerHost : IDisposable
{
    private readonly Lazy<IProducer<byte[]?, byte[]>> _producer;
    private readonly KafkaConnection _connection;
    private readonly ILogger<KafkaProducerHost> _logger;

    public KafkaProducerHost(KafkaConnection connection, ILogger<KafkaProducerHost> logger)
    {
        _connection = connection;
        _logger = logger;
        _producer = new Lazy<IProducer<byte[]?, byte[]>>(Build, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public IProducer<byte[]?, byte[]> Producer => _producer.Value;

    public void Dispose()
    {
        if (!_producer.IsValueCreated)
        {
            return;
        }

        var left = _producer.Value.Flush(_connection.Options.DeliveryTimeout);
        if (left > 0)
        {
            LogUnflushed(_logger, left);
        }

        _producer.Value.Dispose();
    }

    private IProducer<byte[]?, byte[]> Build() =>
        new ProducerBuilder<byte[]?, byte[]>(_connection.ProducerConfig())
            .SetLogHandler((_, m) => KafkaLog.Client(_logger, m))
            .SetErrorHandler((_, e) => KafkaLog.ClientError(_logger, e.Code.ToString(), e.Reason, e.IsFatal))
            .Build();

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} Kafka messages were still unconfirmed at shutdown; their sources keep them for the next start")]
    private static partial void LogUnflushed(ILogger logger, int count);
}
