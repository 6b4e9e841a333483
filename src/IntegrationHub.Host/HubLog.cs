namespace IntegrationHub.Host;

internal static partial class HubLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "IntegrationHub listening on {Address} in {Mode} mode")]
    public static partial void Listening(ILogger logger, Uri address, string mode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo mode with no API key configured: the API key is '{Key}'. Set HUB_API_KEY or Hub:Clients for anything but a demo.")]
    public static partial void DemoKey(ILogger logger, string key);
}
