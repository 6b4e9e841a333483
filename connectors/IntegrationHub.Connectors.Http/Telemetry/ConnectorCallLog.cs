using System.Collections.Concurrent;

namespace IntegrationHub.Connectors.Http.Telemetry;

/// <summary>
/// Each connector's vendor calls over the last hour, per minute: attempts and failed attempts (an answer of 400 or more,
/// 429 included, or no answer), and the latest failure (time, method, path without the query string, status or the
/// exception's type; never a header, body or vendor message). In memory, this node's calls only; what the console's
/// connectors page shows. Fed by the connectors' call logging, one lock per connector.
/// </summary>
public sealed class ConnectorCallLog(TimeProvider time)
{
    public const int Minutes = 60;

    private readonly ConcurrentDictionary<string, Calls> _connectors = new(StringComparer.OrdinalIgnoreCase);

    internal void Record(string connector, string method, string path, int? status)
    {
        var now = time.GetUtcNow();
        var failed = status is null or >= 400;
        var calls = _connectors.GetOrAdd(connector, _ => new Calls());
        var minute = now.UtcTicks / TimeSpan.TicksPerMinute;
        lock (calls)
        {
            var slot = (int)(minute % Minutes);
            if (calls.Minute[slot] != minute)
            {
                (calls.Minute[slot], calls.Attempts[slot], calls.Failures[slot]) = (minute, 0, 0);
            }

            calls.Attempts[slot]++;
            if (failed)
            {
                calls.Failures[slot]++;
                calls.LastFailure = new ConnectorCallFailure(now, method, path, status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no answer");
            }
        }
    }

    /// <summary>The connector's last 60 minutes, oldest first (index 0 is <see cref="ConnectorCalls.FirstMinute"/>); empty when it made no call.</summary>
    public ConnectorCalls Of(string connector)
    {
        var now = time.GetUtcNow().UtcTicks / TimeSpan.TicksPerMinute;
        var first = now - Minutes + 1;
        var attempts = new long[Minutes];
        var failures = new long[Minutes];
        ConnectorCallFailure? last = null;
        if (_connectors.TryGetValue(connector, out var calls))
        {
            lock (calls)
            {
                for (var slot = 0; slot < Minutes; slot++)
                {
                    var minute = calls.Minute[slot];
                    if (minute >= first && minute <= now)
                    {
                        attempts[minute - first] = calls.Attempts[slot];
                        failures[minute - first] = calls.Failures[slot];
                    }
                }

                last = calls.LastFailure;
            }
        }

        return new ConnectorCalls(new DateTimeOffset(first * TimeSpan.TicksPerMinute, TimeSpan.Zero), attempts, failures, last);
    }

    private sealed class Calls
    {
        public long[] Minute { get; } = Enumerable.Repeat(-1L, Minutes).ToArray();

        public long[] Attempts { get; } = new long[Minutes];

        public long[] Failures { get; } = new long[Minutes];

        public ConnectorCallFailure? LastFailure { get; set; }
    }
}

/// <summary>Attempts and failed attempts per minute from <see cref="FirstMinute"/> (UTC), and the latest failure.</summary>
public sealed record ConnectorCalls(DateTimeOffset FirstMinute, long[] Attempts, long[] Failures, ConnectorCallFailure? LastFailure);

/// <summary>A failed attempt: when, the method and path (no query string), and the status or <c>no answer</c>.</summary>
public sealed record ConnectorCallFailure(DateTimeOffset At, string Method, string Path, string Outcome);

/// <summary>Permits left now of the connector's own rate limits (null when the limit is not set, or is kept per path).</summary>
public sealed record ConnectorHeadroom(long? WindowAvailable, int WindowLimit, TimeSpan Window, long? DailyAvailable, int DailyLimit);

/// <summary>The connectors' rate-limit headroom, by connector name.</summary>
public interface IConnectorHeadroom
{
    /// <summary>Null for a connector not on the HTTP plumbing.</summary>
    ConnectorHeadroom? Get(string connector);
}
