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

    /// <summary>Per-event-id gates: that event's attempts wait until the gate is released.</summary>
    public ConcurrentDictionary<string, TaskCompletionSource> Gates { get; } = new();

    /// <summary>Records handled at the same moment, at most.</summary>
    public int MaxConcurrent => _maxConcurrent;

    private int _running;
    private int _maxConcurrent;

    public void FailTimes(string eventId, int times) => _failuresLeft[eventId] = times;

    public async Task HandleAsync(ReceivedMessage message, CancellationToken cancellationToken = default)
    {
        Attempts.Enqueue(message);
        var running = Interlocked.Increment(ref _running);
        InterlockedMax(ref _maxConcurrent, running);
        try
        {
            if (Gate is { } gate)
            {
                await gate.Task.WaitAsync(cancellationToken);
            }

            if (Gates.TryGetValue(message.Event.Id, out var own))
            {
                await own.Task.WaitAsync(cancellationToken);
            }

            if (Delay is { } delay)
            {
                await Task.Delay(delay(message), cancellationToken);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }

        if (_failuresLeft.TryGetValue(message.Event.Id, out var left) && left != 0)
        {
            _failuresLeft[message.Event.Id] = left - 1;
            throw new InvalidOperationException($"scripted failure of {message.Event.Id}");
        }

        Succeeded.Enqueue(message);
    }

    /// <summary>Optional per-record delay, to make records finish out of order.</summary>
    public Func<ReceivedMessage, TimeSpan>? Delay { get; set; }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
