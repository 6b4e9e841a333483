using IntegrationHub.Host;
using IntegrationHub.Host.Cli;
using IntegrationHub.Host.Configuration;

if (HubCli.IsVerb(args))
{
    return await HubCli.RunAsync(args, Console.Out, Console.Error);
}

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
