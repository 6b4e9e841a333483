using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Testing;

/// <summary>Collects every log line (level, message, exception) so tests can assert what was, and was not, logged (secrets).</summary>
public sealed class ListLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new ListLogger(lines);

    public void Dispose()
    {
    }

    private sealed class ListLogger(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel}: {formatter(state, exception)}" + (exception is null ? "" : " | " + exception));
    }
}
