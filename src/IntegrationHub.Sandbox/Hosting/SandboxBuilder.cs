using Microsoft.AspNetCore.Builder;

namespace IntegrationHub.Sandbox.Hosting;

/// <summary>
/// The slim web application builder every sandbox (and test server) starts from, without a configuration file watcher:
/// sandboxes take their settings as objects, and each watcher costs an inotify instance (128 per user by default), which a
/// host running five sandboxes, or a test run starting many hosts, would otherwise exhaust.
/// </summary>
public static class SandboxBuilder
{
    public static WebApplicationBuilder Create() =>
        WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
}
