namespace IntegrationHub.Host.WebConsole;

/// <summary>The console's log lines (never a key: only the client id it belongs to).</summary>
internal static partial class ConsoleLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Console sign-in of client {Client}")]
    public static partial void SignedIn(ILogger logger, string client);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Console sign-in refused from {Address}: unknown API key")]
    public static partial void SignInRefused(ILogger logger, string address);

    [LoggerMessage(Level = LogLevel.Information, Message = "Console: client {Client} {Action} {Target}")]
    public static partial void Acted(ILogger logger, string client, string action, string target);
}
