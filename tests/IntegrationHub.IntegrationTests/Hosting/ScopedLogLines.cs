using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.IntegrationTests.Hosting;

/// <summary>
/// A logger provider that keeps each line with the scopes in force when it was written, rendered as the console formatter
/// renders them (<c>Key:Value</c> pairs): the hub's logger factory hands it the same external scopes the console gets.
/// </summary>
public sealed class ScopedLogLines : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<(string Category, string Scope, string Message)> _lines = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<(string Category, string Scope, string Message)> Snapshot() => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(ScopedLogLines owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scope = new StringBuilder();
            owner._scopes.ForEachScope((s, b) => b.Append(" => ").Append(s is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join(", ", pairs.Select(p => $"{p.Key}:{p.Value}"))
                : s?.ToString()), scope);
            owner._lines.Enqueue((category, scope.ToString(), formatter(state, exception)));
        }
    }
}
