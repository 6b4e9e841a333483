using IntegrationHub.Connectors.Hosting.Registry;

namespace IntegrationHub.Connectors.Hosting.Tests.Registry;

public sealed class ConnectorRegistryTests
{
    private static readonly FixedConnector Crm = ReaderOfCustomers("crm");

    [Fact]
    public void Constructor_DuplicateSystemNames_ThrowsNamingBothRegistrations()
    {
        var ex = Assert.Throws<ConnectorRegistryException>(() => new ConnectorRegistry([Crm, ReaderOfCustomers("crm"), ReaderOfCustomers("erp")]));

        var problem = Assert.Single(ex.Problems);
        Assert.Contains("connector system 'crm' is registered twice", problem, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"{typeof(FixedConnector).FullName} (built-in)", problem);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Fxiaoke")]
    [InlineData(" crm")]
    public void Constructor_BadSystemName_Throws(string name)
    {
        var ex = Assert.Throws<ConnectorRegistryException>(() => new ConnectorRegistry([ReaderOfCustomers(name)]));

        Assert.Contains($"has the system name '{name}'; a system name is a non-empty lower-case token", ex.Message);
    }

    [Fact]
    public void Constructor_EntityListedTwice_Throws()
    {
        var twice = new FixedConnector("crm", new EntityCapabilities(CanonicalEntity.Order), new EntityCapabilities(CanonicalEntity.Order));

        var ex = Assert.Throws<ConnectorRegistryException>(() => new ConnectorRegistry([twice]));

        Assert.Contains("lists entity 'order' more than once", ex.Message);
    }

    [Fact]
    public void Lookups_FindEachCapability_CaseInsensitively_InNameOrder()
    {
        var registry = new ConnectorRegistry([ReaderOfCustomers("zeta"), Crm]);

        Assert.Equal(["crm", "zeta"], registry.Systems.ToArray());
        Assert.Same(Crm, registry.Get("CRM"));
        Assert.Same(Crm.Entities[0].Reader, registry.GetReader("crm", CanonicalEntity.Customer));
        Assert.Same(Crm.Entities[0].Lookup, registry.GetLookup("crm", new CanonicalEntity("Customer")));
    }

    [Fact]
    public void Get_UnknownSystem_ListsTheKnownOnes()
    {
        var ex = Assert.Throws<ConnectorLookupException>(() => new ConnectorRegistry([Crm, ReaderOfCustomers("erp")]).GetReader("xero", CanonicalEntity.Customer));

        Assert.Equal("No connector for system 'xero' (known: crm, erp).", ex.Message);
    }

    [Fact]
    public void Get_NoConnectorsAtAll_SaysNone()
    {
        var ex = Assert.Throws<ConnectorLookupException>(() => new ConnectorRegistry([]).Get("crm"));

        Assert.Equal("No connector for system 'crm' (known: none).", ex.Message);
    }

    [Fact]
    public void GetEntity_Unsupported_ListsTheSupportedOnes()
    {
        var ex = Assert.Throws<ConnectorLookupException>(() => new ConnectorRegistry([Crm]).GetUpserter("crm", CanonicalEntity.Receivable));

        Assert.Equal("Connector 'crm' does not support the entity 'receivable' (supported: customer).", ex.Message);
    }

    [Fact]
    public void GetUpserter_CapabilityMissing_SaysWhatTheConnectorCanDo()
    {
        var ex = Assert.Throws<ConnectorLookupException>(() => new ConnectorRegistry([Crm]).GetUpserter("crm", CanonicalEntity.Customer));

        Assert.Equal("Connector 'crm' cannot upsert 'customer' (it can: read, get).", ex.Message);
    }

    [Fact]
    public async Task Registry_FromDependencyInjection_SeesEveryRegisteredConnector()
    {
        await using var hub = await ConnectorHub.StartAsync(s =>
        {
            s.AddSingleton<IConnector>(Crm);
            s.AddSingleton<IConnector>(ReaderOfCustomers("erp"));
        });

        Assert.Equal(["crm", "erp"], hub.Registry.Systems.ToArray());
    }

    private static FixedConnector ReaderOfCustomers(string system)
    {
        var connector = new FixedConnector(system);
        return new FixedConnector(system, new EntityCapabilities(CanonicalEntity.Customer, Reader: connector, Lookup: connector));
    }
}
