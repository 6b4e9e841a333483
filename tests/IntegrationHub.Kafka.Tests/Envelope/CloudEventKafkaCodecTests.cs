using System.Text;
using Confluent.Kafka;
using IntegrationHub.Kafka.Envelope;
using IntegrationHub.Messaging;

namespace IntegrationHub.Kafka.Tests.Envelope;

public class CloudEventKafkaCodecTests
{
    private static readonly CloudEvent Sample = new()
    {
        Id = "3f1c0d9e-8d0b-4c8e-9f6a-1d2e3f4a5b6c",
        Source = new Uri("/integration-hub/erp", UriKind.Relative),
        Type = "com.integrationhub.erp.order.received.v1",
        Time = new DateTimeOffset(2026, 11, 23, 8, 30, 15, 123, TimeSpan.FromHours(8)),
        Subject = "SO-1001",
        Data = Encoding.UTF8.GetBytes("""{"orderNumber":"SO-1001"}"""),
    };

    [Fact]
    public void ToKafka_BinaryMode_PutsAttributesInCeHeadersAndDataInValue()
    {
        var message = CloudEventKafkaCodec.ToKafka(new OutgoingMessage("erp.orders", "customer-42", Sample));

        Assert.Equal("customer-42", Encoding.UTF8.GetString(message.Key!));
        Assert.Equal(Sample.Data.ToArray(), message.Value);
        Assert.Equal("1.0", Header(message.Headers, "ce_specversion"));
        Assert.Equal(Sample.Id, Header(message.Headers, "ce_id"));
        Assert.Equal("/integration-hub/erp", Header(message.Headers, "ce_source"));
        Assert.Equal(Sample.Type, Header(message.Headers, "ce_type"));
        Assert.Equal("2026-11-23T00:30:15.1230000Z", Header(message.Headers, "ce_time"));
        Assert.Equal("SO-1001", Header(message.Headers, "ce_subject"));
        Assert.Equal("application/json", Header(message.Headers, "content-type"));
    }

    [Fact]
    public void ToKafka_TraceContext_TravelsAsW3CHeadersNextToTheCloudEventAndIsReadBack()
    {
        const string parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        var traced = Sample with { TraceParent = parent, TraceState = "vendor=1" };

        var message = CloudEventKafkaCodec.ToKafka(new OutgoingMessage("erp.orders", "k", traced));
        var read = CloudEventKafkaCodec.FromKafka(message.Headers, message.Value);
        var untraced = CloudEventKafkaCodec.ToKafka(new OutgoingMessage("erp.orders", "k", Sample));

        Assert.Equal(parent, Header(message.Headers, "traceparent"));
        Assert.Equal("vendor=1", Header(message.Headers, "tracestate"));
        Assert.Equal((parent, "vendor=1"), (read.TraceParent, read.TraceState));
        Assert.False(untraced.Headers.TryGetLastBytes("traceparent", out _));
    }

    [Fact]
    public void FromKafka_WhatToKafkaWrote_GivesTheSameEvent()
    {
        var message = CloudEventKafkaCodec.ToKafka(new OutgoingMessage("erp.orders", "k", Sample));

        var decoded = CloudEventKafkaCodec.FromKafka(message.Headers, message.Value);

        Assert.Equal(Sample.Id, decoded.Id);
        Assert.Equal(Sample.Source, decoded.Source);
        Assert.Equal(Sample.Type, decoded.Type);
        Assert.Equal(Sample.Time, decoded.Time);
        Assert.Equal(Sample.Subject, decoded.Subject);
        Assert.Equal(Sample.Data.ToArray(), decoded.Data.ToArray());
    }

    [Fact]
    public void FromKafka_NoCloudEventHeaders_IsPoisonNamingEveryMissingHeader()
    {
        var ex = Assert.Throws<PoisonMessageException>(() => CloudEventKafkaCodec.FromKafka(new Headers(), [1, 2, 3]));

        Assert.Contains("missing header ce_specversion", ex.Message);
        Assert.Contains("missing header ce_id", ex.Message);
        Assert.Contains("missing header ce_source", ex.Message);
        Assert.Contains("missing header ce_type", ex.Message);
    }

    [Fact]
    public void FromKafka_OtherSpecVersionAndBadTime_IsPoison()
    {
        var headers = CloudEventKafkaCodec.ToKafka(new OutgoingMessage("t", "k", Sample)).Headers;
        headers.Remove("ce_specversion");
        headers.Add("ce_specversion", Encoding.UTF8.GetBytes("0.3"));
        headers.Remove("ce_time");
        headers.Add("ce_time", Encoding.UTF8.GetBytes("yesterday"));

        var ex = Assert.Throws<PoisonMessageException>(() => CloudEventKafkaCodec.FromKafka(headers, [1]));

        Assert.Contains("ce_specversion is '0.3'", ex.Message);
        Assert.Contains("ce_time is not an RFC 3339 timestamp", ex.Message);
    }

    [Fact]
    public void FromKafka_TombstoneRecord_IsPoison()
    {
        var headers = CloudEventKafkaCodec.ToKafka(new OutgoingMessage("t", "k", Sample)).Headers;

        var ex = Assert.Throws<PoisonMessageException>(() => CloudEventKafkaCodec.FromKafka(headers, null));

        Assert.Contains("record has no value", ex.Message);
    }

    private static string Header(Headers headers, string name) => Encoding.UTF8.GetString(headers.GetLastBytes(name));
}
