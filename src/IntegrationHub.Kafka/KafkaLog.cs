using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Kafka;

internal static partial class KafkaLog
{
    public static void Client(ILogger logger, LogMessage message)
    {
        var level = message.Level switch
        {
            SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical or SyslogLevel.Error => LogLevel.Error,
            SyslogLevel.Warning => LogLevel.Warning,
            SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Information,
            _ => LogLevel.Debug,
        };
        ClientMessage(logger, level, message.Facility, message.Message);
    }

    [LoggerMessage(Message = "librdkafka {Facility}: {Text}")]
    public static partial void ClientMessage(ILogger logger, LogLevel level, string facility, string text);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka client error {Code}: {Reason} (fatal: {Fatal})")]
    public static partial void ClientError(ILogger logger, string code, string reason, bool fatal);
}
