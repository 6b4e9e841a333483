using System.Text;
using Confluent.Kafka;
using IntegrationHub.Kafka.Consuming;
using IntegrationHub.Testing;

namespace IntegrationHub.Kafka.Tests.Consuming;

/// <summary>The consumer loop against a real Kafka-protocol cluster, through the real Confluent client.</summary>
public class KafkaConsumerServiceTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task PublishThenConsume_RoundTrip_HandlerGetsTheEventWithKeyAndAttributes()
    {
        var topic = SharedKafka.UniqueName("roundtrip");
        var handler = new ScriptedHandler();
        await using var host = await ConsumerHost.StartAsync(topic, SharedKafka.UniqueName("g"), handler);

        var receipt = await host.Publisher.PublishAsync(ConsumerHost.Event(topic, "evt-1", key: "cust-7"));

        var seen = await Eventually.Await(() => handler.Succeeded.ToArray(), s => s.Length >= 1, Wait);
        var message = Assert.Single(seen);
        Assert.Equal("evt-1", message.Event.Id);
        Assert.Equal("test.event.v1", message.Event.Type);
        Assert.Equal("cust-7", message.Key);
        Assert.Equal(receipt.Partition, message.Partition);
        Assert.Equal(receipt.Offset, message.Offset);
        Assert.Equal("""{"id":"evt-1"}""", Encoding.UTF8.GetString(message.Event.Data.Span));
    }

    [Fact]
    public async Task HandlerFailsTwice_RecordIsRetriedAndSucceeds_NothingInDlq()
    {
        var topic = SharedKafka.UniqueName("retry");
        var handler = new ScriptedHandler();
        handler.FailTimes("flaky", 2);
        await using var host = await ConsumerHost.StartAsync(topic, SharedKafka.UniqueName("g"), handler, maxAttempts: 3);

        await host.Publisher.PublishAsync(ConsumerHost.Event(topic, "flaky"));

        var done = await Eventually.Await(() => handler.Succeeded.ToArray(), s => s.Length >= 1, Wait);
        Assert.Equal(3, Assert.Single(done).Attempt);
        Assert.Equal(3, handler.Attempts.Count(a => a.Event.Id == "flaky"));
        Assert.Empty(await KafkaProbe.ReadAllAsync(topic + ".dlq", timeout: TimeSpan.Zero));
    }

    [Fact]
    public async Task HandlerAlwaysFails_RecordGoesToDlqWithReasonAndOrigin_AndLaterRecordsStillFlow()
    {
        var topic = SharedKafka.UniqueName("dlq");
        var group = SharedKafka.UniqueName("g");
        var handler = new ScriptedHandler();
        handler.FailTimes("doomed", -1);
        await using var host = await ConsumerHost.StartAsync(topic, group, handler, maxAttempts: 3);

        var doomed = await host.Publisher.PublishAsync(ConsumerHost.Event(topic, "doomed", key: "k1"));
        await host.Publisher.PublishAsync(ConsumerHost.Event(topic, "after", key: "k1"));

        await Eventually.Await(() => handler.Succeeded.ToArray(), s => s.Any(m => m.Event.Id == "after"), Wait);
        var dead = Assert.Single(await KafkaProbe.ReadAllAsync(topic + ".dlq", minimum: 1, timeout: Wait));
        Assert.Equal("k1", Encoding.UTF8.GetString(dead.Message.Key!));
        Assert.Equal("""{"id":"doomed"}""", Encoding.UTF8.GetString(dead.Message.Value!));
        Assert.Equal("doomed", Header(dead, "ce_id"));
        Assert.Equal("scripted failure of doomed", Header(dead, DeadLetterHeaders.Reason));
        Assert.Equal(typeof(InvalidOperationException).FullName, Header(dead, DeadLetterHeaders.ExceptionType));
        Assert.Equal("3", Header(dead, DeadLetterHeaders.Attempts));
        Assert.Equal(topic, Header(dead, DeadLetterHeaders.OriginalTopic));
        Assert.Equal(doomed.Partition.ToString(System.Globalization.CultureInfo.InvariantCulture), Header(dead, DeadLetterHeaders.OriginalPartition));
        Assert.Equal(doomed.Offset.ToString(System.Globalization.CultureInfo.InvariantCulture), Header(dead, DeadLetterHeaders.OriginalOffset));
        Assert.Equal(group, Header(dead, DeadLetterHeaders.ConsumerGroup));
        Assert.Equal(3, handler.Attempts.Count(a => a.Event.Id == "doomed"));
    }

    [Fact]
    public async Task PoisonRecord_GoesToDlqAtOnce_WithoutReachingTheHandler()
    {
        var topic = SharedKafka.UniqueName("poison");
        var handler = new ScriptedHandler();
        await using var host = await ConsumerHost.StartAsync(topic, SharedKafka.UniqueName("g"), handler, maxAttempts: 5);
        using (var raw = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = SharedKafka.BootstrapServers }).Build())
        {
            await raw.ProduceAsync(topic, new Message<string, string> { Key = "x", Value = "not a cloud event" });
        }

        var dead = Assert.Single(await KafkaProbe.ReadAllAsync(topic + ".dlq", minimum: 1, timeout: Wait));
        Assert.Equal("1", Header(dead, DeadLetterHeaders.Attempts));
        Assert.Contains("missing header ce_id", Header(dead, DeadLetterHeaders.Reason));
        Assert.Empty(handler.Attempts);
    }

    [Fact]
    public async Task StopWhileHandlerIsFailing_RecordIsNotCommitted_NextMemberOfTheGroupGetsIt()
    {
        var topic = SharedKafka.UniqueName("redeliver");
        var group = SharedKafka.UniqueName("g");
        var first = new ScriptedHandler { Gate = new TaskCompletionSource() };
        var host = await ConsumerHost.StartAsync(topic, group, first);
        await host.Publisher.PublishAsync(ConsumerHost.Event(topic, "precious"));
        await Eventually.Await(() => first.Attempts.Count, n => n >= 1, Wait, "first member received the record");

        await host.DisposeAsync(); // stops mid-record: the handler never completed

        var second = new ScriptedHandler();
        await using var next = await ConsumerHost.StartAsync(topic, group, second);
        var delivered = await Eventually.Await(() => second.Succeeded.ToArray(), s => s.Length >= 1, Wait);
        Assert.Equal("precious", Assert.Single(delivered).Event.Id);
        Assert.Empty(first.Succeeded);
    }

    [Fact]
    public async Task HandledRecords_AreCommittedOnStop_NotRedeliveredToTheNextMember()
    {
        var topic = SharedKafka.UniqueName("commit");
        var group = SharedKafka.UniqueName("g");
        var first = new ScriptedHandler();
        var host = await ConsumerHost.StartAsync(topic, group, first);
        for (var i = 0; i < 5; i++)
        {
            await host.Publisher.PublishAsync(ConsumerHost.Event(topic, $"e{i}", key: $"k{i}"));
        }

        await Eventually.Await(() => first.Succeeded.Count, n => n >= 5, Wait);
        await host.DisposeAsync();

        var second = new ScriptedHandler();
        await using var next = await ConsumerHost.StartAsync(topic, group, second);
        await next.Publisher.PublishAsync(ConsumerHost.Event(topic, "e5"));
        await Eventually.Await(() => second.Succeeded.ToArray(), s => s.Any(m => m.Event.Id == "e5"), Wait);
        Assert.Equal(["e5"], second.Succeeded.Select(m => m.Event.Id).ToArray());
    }

    private static string Header(ConsumeResult<byte[]?, byte[]?> record, string name) =>
        Encoding.UTF8.GetString(record.Message.Headers.GetLastBytes(name));
}
