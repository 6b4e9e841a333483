using System.Collections.Concurrent;
using IntegrationHub.Messaging;

namespace IntegrationHub.Kafka.Tests.Consuming;

/// <summary>A handler whose behaviour per event id a test scripts; it records every attempt it saw.</summary>
public sealed class ScriptedHandler : IMessageHandler
{
    private readonly ConcurrentDictionary<string, int> _failuresLeft = new();

    public ConcurrentQueue<ReceivedMessage> Attempts { get; } = new();

    public ConcurrentQueue<ReceivedMessage> Succeeded { get; } = new();

    /// <summary>When set, every attempt blocks until this is released (or the consumer stops).</summary>
    public TaskCompletionSource? Gate { get; set; }

    public void FailTimes(string eventId, int times) => _failuresLeft[eventId] = times;

    public async Task HandleAsync(ReceivedMessage message, CancellationToken cancellationToken = default)
    {
        Attempts.Enqueue(message);
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        if (_failuresLeft.TryGetValue(message.Event.Id, out var left) && left != 0)
        {
            _failuresLeft[message.Event.Id] = left - 1;
            throw new InvalidOperationException($"scripted failure of {message.Event.Id}");
        }

        Succeeded.Enqueue(message);
    }
}
