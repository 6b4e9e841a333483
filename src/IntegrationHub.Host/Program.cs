using IntegrationHub.Host;
using IntegrationHub.Host.Configuration;

try
{
    await using var app = await HubApplication.BuildAsync(args);
    await HubApplication.StartAsync(app);
    await app.WaitForShutdownAsync();
    await app.StopAsync();
    return 0;
}
catch (Exception ex) when (StartupErrors.Describe(ex) is { } message)
{
    await Console.Error.WriteLineAsync($"IntegrationHub cannot start: {message}");
    return 2;
}
