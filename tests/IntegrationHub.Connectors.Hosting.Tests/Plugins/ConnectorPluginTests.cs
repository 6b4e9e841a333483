using System.Runtime.Loader;
using IntegrationHub.Connectors.Hosting.Plugins;
using IntegrationHub.Connectors.Hosting.Registry;
using IntegrationHub.Connectors.Hosting.Status;
using IntegrationHub.Testing;

namespace IntegrationHub.Connectors.Hosting.Tests.Plugins;

/// <summary>The sample plugin, built by MSBuild into bin/plugins/sample, loaded from a folder the way the hub does.</summary>
public sealed class ConnectorPluginTests : IDisposable
{
    private readonly TempDirectory _plugins = new();

    [Fact]
    public async Task AddConnectorHub_SamplePlugin_RegistersItsConnector_InItsOwnLoadContext()
    {
        CopySample("sample");
        await using var hub = await ConnectorHub.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Connectors:PluginsPath"] = _plugins.Path,
            ["Connectors:sample:Greeting"] = "hello from configuration",
        });

        var connector = hub.Registry.Get("sample");
        Assert.Equal("plugin 'sample'", ConnectorRegistry.Origin(connector));
        Assert.IsType<ConnectorPluginLoadContext>(AssemblyLoadContext.GetLoadContext(connector.GetType().Assembly));
        // The contract is the hub's own (types unify), the private dependency comes from the plugin's folder.
        Assert.Same(typeof(IConnector).Assembly, connector.GetType().GetInterfaces().Single(i => i.Name == nameof(IConnector)).Assembly);
        Assert.DoesNotContain(AssemblyLoadContext.Default.Assemblies, a => a.GetName().Name == "IntegrationHub.SamplePlugin.Contacts");
        var record = await hub.Registry.GetLookup("sample", CanonicalEntity.MarketingContact).GetAsync("m-2");
        Assert.Equal("grace@example.test", record!.Payload.GetProperty("email").GetString());
        Assert.Equal("hello from configuration", (await connector.CheckHealthAsync()).Description);
        Assert.Equal("sample", Assert.Single(hub.Services.GetRequiredService<ConnectorPlugins>().Loaded).Name);
    }

    [Fact]
    public async Task Status_PluginWithoutHttpClient_ShowsNoCircuit()
    {
        CopySample("sample");
        await using var hub = await ConnectorHub.StartAsync(settings: new Dictionary<string, string?> { ["Connectors:PluginsPath"] = _plugins.Path });

        var status = Assert.Single(await hub.Services.GetRequiredService<ConnectorStatusService>().GetAllAsync());

        var entity = Assert.Single(status.Entities);
        Assert.Equal("marketing-contact", entity.Entity);
        Assert.Equal(["read", "get"], entity.Capabilities);
        Assert.Equal(("sample", "plugin 'sample'", "Healthy", "n/a"), (status.System, status.Source, status.Health, status.Circuit));
    }

    [Fact]
    public void Load_MissingFolder_NamesTheSetting()
    {
        var missing = Path.Combine(_plugins.Path, "nope");

        var ex = Assert.Throws<ConnectorPluginException>(() => ConnectorPluginLoader.Load(missing));

        Assert.Equal($"Connector plugins: Connectors:PluginsPath '{missing}' does not exist (leave the setting empty for no plugins).", ex.Message);
    }

    [Fact]
    public void Load_EveryBrokenPlugin_IsReportedByName_AtOnce()
    {
        CopySample("good");
        Directory.CreateDirectory(_plugins.File("empty"));
        File.WriteAllText(Path.Combine(Directory.CreateDirectory(_plugins.File("garbage")).FullName, "garbage.dll"), "not an assembly");
        var contract = Directory.CreateDirectory(_plugins.File("IntegrationHub.SamplePlugin.Contacts")).FullName;
        File.Copy(Path.Combine(ConnectorHub.BuiltPlugins, "sample", "IntegrationHub.SamplePlugin.Contacts.dll"), Path.Combine(contract, "IntegrationHub.SamplePlugin.Contacts.dll"));

        var ex = Assert.Throws<ConnectorPluginException>(() => ConnectorPluginLoader.Load(_plugins.Path));

        Assert.Equal(3, ex.Problems.Count);
        Assert.Contains(ex.Problems, p => p.StartsWith("plugin 'IntegrationHub.SamplePlugin.Contacts'", StringComparison.Ordinal)
            && p.EndsWith("IntegrationHub.SamplePlugin.Contacts.dll has no public class implementing IntegrationHub.Connectors.IConnectorPlugin.", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.StartsWith("plugin 'empty'", StringComparison.Ordinal) && p.EndsWith("no plugin assembly: expected empty.dll or one assembly with its .deps.json.", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.StartsWith("plugin 'garbage'", StringComparison.Ordinal) && p.Contains("garbage.dll cannot be loaded", StringComparison.Ordinal));
        Assert.DoesNotContain(ex.Problems, p => p.Contains("'good'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_TwoPluginsWithOneSystemName_FailsNamingBothPlugins()
    {
        CopySample("sample-a");
        CopySample("sample-b");

        var ex = await Assert.ThrowsAsync<ConnectorRegistryException>(async () =>
        {
            await using var hub = await ConnectorHub.StartAsync(settings: new Dictionary<string, string?> { ["Connectors:PluginsPath"] = _plugins.Path });
            _ = hub.Registry;
        });

        Assert.Contains("connector system 'sample' is registered twice, by IntegrationHub.SamplePlugin.SampleConnector (plugin 'sample-a') and by IntegrationHub.SamplePlugin.SampleConnector (plugin 'sample-b')", ex.Message);
    }

    [Fact]
    public async Task Start_PluginRegistrationThrows_FailsNamingThePluginAndItsError()
    {
        CopySample("sample");

        var ex = await Assert.ThrowsAsync<ConnectorPluginException>(() => ConnectorHub.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Connectors:PluginsPath"] = _plugins.Path,
            ["Connectors:sample:RefuseRegistration"] = "true",
        }));

        var problem = Assert.Single(ex.Problems);
        Assert.StartsWith($"plugin 'sample' ({_plugins.File("sample")}): IntegrationHub.SamplePlugin.SampleConnectorPlugin.Register failed: InvalidOperationException:", problem);
        Assert.EndsWith("Connectors:sample:Greeting must be set before the sample plugin can register.", problem);
    }

    public void Dispose() => _plugins.Dispose();

    private void CopySample(string name)
    {
        var target = Directory.CreateDirectory(_plugins.File(name)).FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(ConnectorHub.BuiltPlugins, "sample")))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
    }
}
