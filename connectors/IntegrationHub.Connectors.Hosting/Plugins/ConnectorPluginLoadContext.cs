using System.Reflection;
using System.Runtime.Loader;

namespace IntegrationHub.Connectors.Hosting.Plugins;

/// <summary>
/// One plugin's assemblies. Contract assemblies (<see cref="IsShared"/>) come from the hub's default context, so the
/// plugin's <c>IConnector</c> is the hub's <c>IConnector</c>; everything else the plugin references is resolved from
/// its own folder through its <c>.deps.json</c> (<see cref="AssemblyDependencyResolver"/>), so two plugins can ship
/// different versions of one library. Not collectible: a plugin lives as long as the process (the container holds its
/// services), so unloading would only add ways to fail.
/// </summary>
internal sealed class ConnectorPluginLoadContext(string pluginName, string mainAssemblyPath)
    : AssemblyLoadContext("connector-plugin:" + pluginName, isCollectible: false)
{
    private static readonly string[] SharedPrefixes = ["Microsoft.Extensions.", "Polly", "Refit"];
    private static readonly string[] SharedNames = ["IntegrationHub.Abstractions", "IntegrationHub.Connectors.Http"];

    private readonly AssemblyDependencyResolver _resolver = new(mainAssemblyPath);

    public string PluginName { get; } = pluginName;

    /// <summary>Assemblies every plugin shares with the hub: the connector contract, the HTTP plumbing, Microsoft.Extensions.*, Polly and Refit (a plugin's generated Refit client registers with the hub's Refit).</summary>
    public static bool IsShared(AssemblyName name) =>
        name.Name is { } n && (SharedNames.Contains(n, StringComparer.Ordinal) || SharedPrefixes.Any(p => n.StartsWith(p, StringComparison.Ordinal)));

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (IsShared(assemblyName))
        {
            return null; // the default context: one copy of the contract types for the hub and every plugin
        }

        var path = _resolver.ResolveAssemblyToPath(assemblyName);
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }
}
