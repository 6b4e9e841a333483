using System.Text.Json.Nodes;
using IntegrationHub.Identity;
using IntegrationHub.Testing.Connectors;
using IntegrationHub.Workflows.Execution;

namespace IntegrationHub.Connectors.Hosting.Tests.Activities;

/// <summary>
/// The Connector.* activities in real workflows: two stub CRMs on real Kestrel servers (source and target), the real
/// engine and a real SQLite store for cursors and cross-references.
/// </summary>
public sealed class ConnectorActivitiesTests : IAsyncLifetime
{
    private const string SyncFlow = """
        definitionId: sync-customers
        version: 1
        trigger: { type: Manual }
        variables:
          - { name: record, type: json }
          - { name: count, type: long }
          - { name: errors, type: json }
        root:
          type: Sequence
          activities:
            - id: read
              type: Connector.ReadChanges
              system: source
              entity: customer
              variable: record
              countVariable: count
              activities:
                - id: handle
                  type: Flowchart
                  activities:
                    - { id: stop, type: If, condition: "${ (string?)record[\"externalId\"] == (string?)input?[\"failOn\"] }" }
                    - { id: boom, type: Fail, message: "refusing ${ record.externalId }" }
                    - { id: write, type: Connector.Upsert, system: target, entity: customer, records: "${ record }", errorsVariable: errors }
                  connections:
                    - stop:True -> boom
                    - stop:False -> write
        """;

    private StubCrmServer _source = null!;
    private StubCrmServer _target = null!;
    private ConnectorHub _hub = null!;

    public async Task InitializeAsync()
    {
        _source = await StubCrmServer.StartAsync();
        _target = await StubCrmServer.StartAsync();
        _hub = await ConnectorHub.StartAsync(s =>
        {
            StubCrmConnector.Register(s, "source", _source.BaseUrl, pageSize: 2);
            StubCrmConnector.Register(s, "target", _target.BaseUrl);
        });
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        await _source.DisposeAsync();
        await _target.DisposeAsync();
    }

    [Fact]
    public async Task ReadChanges_ThenUpsert_CopiesEveryRecord_SavesTheCursor_AndOnlyNewChangesNextTime()
    {
        for (var i = 1; i <= 5; i++)
        {
            _source.Seed($"customer {i}");
        }

        var first = await RunAsync(SyncFlow);
        Assert.Equal(WorkflowSubStatus.Finished, first.SubStatus);
        Assert.Equal(5L, first.Variables["count"]);
        Assert.Equal(["customer 1", "customer 2", "customer 3", "customer 4", "customer 5"], _target.Customers.Select(c => c.Name).ToArray());
        Assert.Equal("5", await _hub.Cursors.GetAsync("sync-customers/source/customer/default"));

        _source.Seed("customer 2 renamed", "C00002");
        _source.Seed("customer 6");
        var second = await RunAsync(SyncFlow);

        Assert.Equal(2L, second.Variables["count"]);
        Assert.Equal(6, _target.Customers.Count);
        Assert.Equal("customer 2 renamed", _target.Customers.Single(c => c.Id == "C00002").Name);
    }

    [Fact]
    public async Task ReadChanges_BodyFaultsMidPage_CursorStaysAtTheLastCompletePage_RerunResumesWithoutGaps()
    {
        for (var i = 1; i <= 5; i++)
        {
            _source.Seed($"customer {i}");
        }

        var failed = await RunAsync(SyncFlow, JsonNode.Parse("""{"failOn":"C00004"}"""));

        Assert.Equal(WorkflowSubStatus.Faulted, failed.SubStatus);
        Assert.Equal("refusing C00004", failed.Incident!.Message);
        Assert.Equal("2", await _hub.Cursors.GetAsync("sync-customers/source/customer/default")); // page C3,C4 was not finished
        Assert.Equal(3, _target.Customers.Count);

        var rerun = await RunAsync(SyncFlow);

        Assert.Equal(WorkflowSubStatus.Finished, rerun.SubStatus);
        Assert.Equal(3L, rerun.Variables["count"]); // C3 again (at-least-once), C4, C5
        Assert.Equal(5, _target.Customers.Count); // the repeated C3 updated nothing new: upserts match by source identity
        Assert.Equal("5", await _hub.Cursors.GetAsync("sync-customers/source/customer/default"));
    }

    [Fact]
    public async Task ReadChanges_PerPage_HandsTheBodyEachPageAsAnArray()
    {
        for (var i = 1; i <= 3; i++)
        {
            _source.Seed($"customer {i}");
        }

        var result = await RunAsync("""
            definitionId: pages
            version: 1
            trigger: { type: Manual }
            variables:
              - { name: page, type: json }
              - { name: sizes, type: string, value: "" }
            root:
              type: Sequence
              activities:
                - id: read
                  type: Connector.ReadChanges
                  system: source
                  entity: customer
                  variable: page
                  per: page
                  cursorKey: batches
                  activities:
                    - { id: write, type: Connector.Upsert, system: target, entity: customer, records: "${ page }" }
                    - { id: note, type: SetVariable, variable: sizes, value: "${ sizes + page!.AsArray().Count + \";\" }" }
            """);

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal("2;1;", result.Variables["sizes"]);
        Assert.Equal(3, _target.Customers.Count);
        Assert.Equal("3", await _hub.Cursors.GetAsync("pages/source/customer/batches"));
    }

    [Fact]
    public async Task Upsert_SomeRecordsRefused_PartialFailureWithTheirIdentity_CrossReferencesForTheOthers()
    {
        var result = await RunAsync("""
            definitionId: upsert-batch
            version: 1
            trigger: { type: Manual }
            variables:
              - { name: results, type: json }
              - { name: errors, type: json }
              - { name: outcome, type: string, value: none }
            root:
              type: Flowchart
              activities:
                - { id: write, type: Connector.Upsert, system: target, entity: customer, records: "${ input }", resultVariable: results, errorsVariable: errors }
                - { id: ok, type: SetVariable, variable: outcome, value: done }
                - { id: partial, type: SetVariable, variable: outcome, value: partial }
              connections:
                - write:Done -> ok
                - write:PartialFailure -> partial
            """, JsonNode.Parse("""
            [
              { "system": "erp", "externalId": "K-1", "sourceVersion": 1, "payload": { "name": "Kunde 1" } },
              { "system": "erp", "externalId": "K-2", "sourceVersion": 1, "payload": { "name": "" } },
              { "system": "erp", "externalId": "K-3", "sourceVersion": 1, "payload": { "name": "Kunde 3" } }
            ]
            """));

        Assert.Equal("partial", result.Variables["outcome"]);
        var error = Assert.Single(((JsonNode)result.Variables["errors"]!).AsArray())!;
        Assert.Equal(("erp", "K-2", "VALIDATION", "name is required"), ((string?)error["record"]!["system"], (string?)error["record"]!["externalId"], (string?)error["code"], (string?)error["message"]));
        var results = ((JsonNode)result.Variables["results"]!).AsArray();
        Assert.Equal(["Created", "Failed", "Created"], results.Select(r => (string)r!["status"]!).ToArray());

        var hubId = HubIds.For("erp", "customer", "K-3");
        Assert.Equal(hubId.ToString(), (string?)results[2]!["hubId"]);
        Assert.Equal(hubId, await _hub.CrossReferences.FindHubIdAsync(new RecordIdentity("erp", CanonicalEntity.Customer, "K-3")));
        Assert.Equal((string?)results[2]!["targetId"], await _hub.CrossReferences.FindExternalIdAsync(hubId, "target", CanonicalEntity.Customer));
        Assert.Null(await _hub.CrossReferences.FindHubIdAsync(new RecordIdentity("erp", CanonicalEntity.Customer, "K-2")));
    }

    [Fact]
    public async Task Upsert_WholeBatchTransient_FaultsTheActivity_SoTheRetryPolicyResends()
    {
        _target.FailNext(1); // a POST is not idempotent, so the connector's pipeline does not retry it: the activity fails
        var result = await RunAsync("""
            definitionId: upsert-retry
            version: 1
            trigger: { type: Manual }
            root:
              type: Sequence
              activities:
                - id: write
                  type: Connector.Upsert
                  system: target
                  entity: customer
                  records: "${ input }"
                  retry: { maxAttempts: 2, delay: PT0S }
            """, JsonNode.Parse("""{ "system": "erp", "externalId": "K-1", "sourceVersion": 1, "payload": { "name": "Kunde 1" } }"""));

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Single(_target.Customers);
        Assert.Equal(2, _target.Requests);
    }

    [Fact]
    public async Task Upsert_WholeBatchTransientWithoutRetry_IsAnIncidentNamingTheConnector()
    {
        _target.FailNext(10);
        var result = await RunAsync("""
            definitionId: upsert-fault
            version: 1
            trigger: { type: Manual }
            root:
              type: Sequence
              activities:
                - { id: write, type: Connector.Upsert, system: target, entity: customer, records: "${ input }" }
            """, JsonNode.Parse("""{ "system": "erp", "externalId": "K-1", "payload": { "name": "Kunde 1" } }"""));

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        Assert.Equal(nameof(ConnectorTransientException), result.Incident!.ExceptionType);
        Assert.Contains("target", result.Incident.Message);
    }

    [Fact]
    public async Task Upsert_MalformedRecord_FaultsWithThePathOfTheBadField()
    {
        var result = await RunAsync("""
            definitionId: upsert-bad
            version: 1
            trigger: { type: Manual }
            root:
              type: Sequence
              activities:
                - { id: write, type: Connector.Upsert, system: target, entity: customer, records: "${ input }" }
            """, JsonNode.Parse("""[{ "system": "erp", "externalId": "K-1", "payload": { "name": "ok" } }, { "system": "erp", "payload": {} }]"""));

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        Assert.Equal("records[1].externalId must be a non-empty string.", result.Incident!.Message);
        Assert.Equal(0, _target.Requests); // nothing half-written
    }

    [Theory]
    [InlineData("externalId: C00001", "Found", "customer 1")]
    [InlineData("externalId: C09999", "NotFound", null)]
    [InlineData("hubId: \"${ input.hubId }\"", "Found", "customer 1")]
    [InlineData("hubId: 6f9c1a52-0000-8000-8000-000000000000", "NotFound", null)]
    public async Task Get_ByExternalIdOrHubId_FoundOrNotFound(string idInput, string outcome, string? name)
    {
        var customer = _source.Seed("customer 1");
        var hubId = Guid.NewGuid();
        await _hub.CrossReferences.LinkAsync(hubId, new RecordIdentity("source", CanonicalEntity.Customer, customer.Id));

        var result = await RunAsync($$"""
            definitionId: get-one
            version: 1
            trigger: { type: Manual }
            variables:
              - { name: found, type: json }
              - { name: outcome, type: string }
            root:
              type: Flowchart
              activities:
                - { id: get, type: Connector.Get, system: source, entity: customer, {{idInput}}, resultVariable: found }
                - { id: yes, type: SetVariable, variable: outcome, value: Found }
                - { id: no, type: SetVariable, variable: outcome, value: NotFound }
              connections:
                - get:Found -> yes
                - get:NotFound -> no
            """, new JsonObject { ["hubId"] = hubId.ToString() });

        Assert.Equal(outcome, result.Variables["outcome"]);
        if (name is not null)
        {
            var found = (JsonNode)result.Variables["found"]!;
            Assert.Equal(name, (string?)found["payload"]!["name"]);
            Assert.Equal(hubId.ToString(), (string?)found["hubId"]);
        }
    }

    [Fact]
    public async Task Activities_UnknownSystemOrMissingCapability_FaultWithTheRegistryMessage()
    {
        var result = await RunAsync("""
            definitionId: unknown
            version: 1
            trigger: { type: Manual }
            root:
              type: Sequence
              activities:
                - { id: get, type: Connector.Get, system: xero, entity: customer, externalId: "1" }
            """);

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        Assert.Equal("No connector for system 'xero' (known: source, target).", result.Incident!.Message);
    }

    private const string UpsertOne = """
        definitionId: upsert-one
        version: 1
        trigger: { type: Manual }
        variables:
          - { name: results, type: json }
        root:
          type: Sequence
          activities:
            - { id: write, type: Connector.Upsert, system: target, entity: customer, records: "${ input }", resultVariable: results }
        """;

    [Fact]
    public async Task Upsert_RemembersWhatItWrote_UnchangedContentAndOlderVersionsAreNotSent()
    {
        async Task<string> Status(string json)
        {
            var result = await RunAsync(UpsertOne, JsonNode.Parse(json));
            Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
            return (string)((JsonNode)result.Variables["results"]!)[0]!["status"]!;
        }

        var first = await Status("""{ "system": "erp", "externalId": "K-1", "sourceVersion": 2, "payload": { "name": "Anna", "credit": 1.50, "tags": ["a"] } }""");
        var calls = _target.Requests;
        // Same content: other key order, other number spelling.
        var same = await Status("""{ "system": "erp", "externalId": "K-1", "sourceVersion": 2, "payload": { "tags": ["a"], "credit": 15e-1, "name": "Anna" } }""");
        var older = await Status("""{ "system": "erp", "externalId": "K-1", "sourceVersion": 1, "payload": { "name": "Old Anna" } }""");
        var callsAfterSkips = _target.Requests;
        var newer = await Status("""{ "system": "erp", "externalId": "K-1", "sourceVersion": 3, "payload": { "name": "Anna B." } }""");

        Assert.Equal(("Created", "Unchanged", "Stale", "Updated"), (first, same, older, newer));
        Assert.Equal(calls, callsAfterSkips);
        Assert.True(_target.Requests > callsAfterSkips);
        Assert.Equal("Anna B.", Assert.Single(_target.Customers).Name);
    }

    [Fact]
    public async Task Observe_StoresTheCanonicalState_AndQueuesOneEventPerChange_InTheSameTransaction()
    {
        const string observe = """
            definitionId: observe
            version: 1
            trigger: { type: Manual }
            variables:
              - { name: seen, type: json }
            root:
              type: Sequence
              activities:
                - { id: observe, type: Record.Observe, entity: customer, record: "${ input }", topic: crm.customers, resultVariable: seen }
            """;
        var store = _hub.Services.GetRequiredService<IntegrationHub.Storage.ICanonicalRecordStore>();

        async Task<string> Outcome(string json) => (string)((JsonNode)(await RunAsync(observe, JsonNode.Parse(json))).Variables["seen"]!)["outcome"]!;

        var created = await Outcome("""{ "system": "fxiaoke", "externalId": "A-1", "sourceVersion": 100, "payload": { "name": "Acme" } }""");
        var again = await Outcome("""{ "system": "fxiaoke", "externalId": "A-1", "sourceVersion": 101, "payload": { "name": "Acme" } }""");
        var stale = await Outcome("""{ "system": "fxiaoke", "externalId": "A-1", "sourceVersion": 99, "payload": { "name": "Acme Old" } }""");
        var changed = await Outcome("""{ "system": "fxiaoke", "externalId": "A-1", "sourceVersion": 102, "payload": { "name": "Acme Ltd" } }""");

        Assert.Equal(("Changed", "Unchanged", "Stale", "Changed"), (created, again, stale, changed));
        var hubId = HubIds.For("fxiaoke", "customer", "A-1");
        var state = await store.GetAsync(hubId);
        Assert.Equal(("Acme Ltd", 102L), (state!.Payload.GetProperty("name").GetString(), state.SourceVersion));
        Assert.Equal(CanonicalHash.Of(state.Payload), state.Hash);
        var events = await store.ListPendingEventsAsync(10);
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal(("crm.customers", hubId.ToString(), "hub.customer.changed"), (e.Message.Topic, e.Message.Key, e.Message.Event.Type)));
        Assert.True(events[0].Id < events[1].Id);
        Assert.Contains("Acme Ltd", System.Text.Encoding.UTF8.GetString(events[1].Message.Event.Data.Span));
    }

    [Fact]
    public async Task Observe_MergesUnderFieldOwnership_IgnoringChangesToFieldsTheSourceDoesNotOwn_AndKeepsEachSourcesNewestVersion()
    {
        const string observe = """
            definitionId: observe-owned
            version: 1
            trigger: { type: Manual }
            variables:
              - { name: seen, type: json }
            root:
              type: Sequence
              activities:
                - { id: observe, type: Record.Observe, entity: customer, record: "${ input }", resultVariable: seen }
            """;
        var hubId = HubIds.For("fxiaoke", "customer", "A-7");
        await _hub.CrossReferences.LinkAsync(hubId, new RecordIdentity("fxiaoke", CanonicalEntity.Customer, "A-7"));
        await _hub.CrossReferences.LinkAsync(hubId, new RecordIdentity("xero", CanonicalEntity.Customer, "X-7"));

        async Task<JsonNode> Observe(string json) => (JsonNode)(await RunAsync(observe, JsonNode.Parse(json))).Variables["seen"]!;

        var crm = await Observe("""{ "system": "fxiaoke", "externalId": "A-7", "sourceVersion": 10, "payload": { "name": "Acme", "creditLimit": 100 } }""");
        var finance = await Observe("""{ "system": "xero", "externalId": "X-7", "sourceVersion": 1, "payload": { "name": "ACME (finance)", "creditLimit": 5000 } }""");
        var crmRename = await Observe("""{ "system": "fxiaoke", "externalId": "A-7", "sourceVersion": 11, "payload": { "name": "Acme Ltd" } }""");
        var crmOld = await Observe("""{ "system": "fxiaoke", "externalId": "A-7", "sourceVersion": 9, "payload": { "name": "Acme Old" } }""");

        Assert.Equal(("Changed", "creditLimit"), ((string)crm["outcome"]!, (string)crm["ignoredFields"]![0]!));
        Assert.Null(crm["record"]!["payload"]!["creditLimit"]);
        Assert.Equal(("Changed", "name"), ((string)finance["outcome"]!, (string)finance["ignoredFields"]![0]!));
        Assert.Equal(("Acme", 5000), ((string)finance["record"]!["payload"]!["name"]!, (int)finance["record"]!["payload"]!["creditLimit"]!));
        Assert.Equal(("Changed", "Acme Ltd", 5000), ((string)crmRename["outcome"]!, (string)crmRename["record"]!["payload"]!["name"]!, (int)crmRename["record"]!["payload"]!["creditLimit"]!));
        Assert.Empty(crmRename["ignoredFields"]!.AsArray());
        Assert.Equal("Stale", (string)crmOld["outcome"]!);
        var state = await _hub.Services.GetRequiredService<IntegrationHub.Storage.ICanonicalRecordStore>().GetAsync(hubId);
        Assert.Equal((11L, 1L), (state!.SourceVersions["fxiaoke"], state.SourceVersions["xero"]));
    }

    [Fact]
    public async Task APage_ObservedAsAnArray_IsUpsertedInOneCall_WithEachAndWhere_AndTheRefusedAreQuarantinedByTheirElement()
    {
        const string page = """
            definitionId: page-flow
            version: 1
            trigger: { type: Manual }
            variables:
              - { name: seen, type: json }
              - { name: item, type: json }
              - { name: written, type: json }
              - { name: refused, type: json }
            root:
              type: Flowchart
              activities:
                - { id: observe, type: Record.Observe, entity: customer, record: "${ input }", resultVariable: seen }
                - id: write
                  type: Connector.Upsert
                  system: target
                  entity: customer
                  each: "${ seen }"
                  where: "${ (string?)item[\"record\"]![\"payload\"]![\"name\"] != \"Skip me\" }"
                  records: { system: erp, externalId: "${ item.record.externalId }", sourceVersion: "${ item.record.sourceVersion }", payload: { name: "${ item.record.payload.name }" } }
                  resultVariable: written
                  errorsVariable: refused
                - id: quarantine
                  type: Record.Quarantine
                  entity: customer
                  each: "${ refused }"
                  as: item
                  record: "${ item.element.record }"
                  reasons: { target: "${ item.code }: ${ item.message }" }
              connections:
                - observe -> write
                - write:PartialFailure -> quarantine
            """;
        Assert.Equal(WorkflowSubStatus.Finished, (await RunAsync(page, JsonNode.Parse("""[{ "system": "fxiaoke", "externalId": "A-3", "sourceVersion": 5, "payload": { "name": "Kunde 3" } }]"""))).SubStatus);
        var before = _target.Requests;

        var result = await RunAsync(page, JsonNode.Parse("""
            [
              { "system": "fxiaoke", "externalId": "A-1", "sourceVersion": 1, "payload": { "name": "Kunde 1" } },
              { "system": "fxiaoke", "externalId": "A-2", "sourceVersion": 1, "payload": { "name": "" } },
              { "system": "fxiaoke", "externalId": "A-3", "sourceVersion": 4, "payload": { "name": "Kunde 3 (old)" } },
              { "system": "fxiaoke", "externalId": "A-4", "sourceVersion": 1, "payload": { "name": "Skip me" } }
            ]
            """));

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        var seen = ((JsonNode)result.Variables["seen"]!).AsArray();
        Assert.Equal(["A-1", "A-2", "A-4"], seen.Select(s => (string)s!["record"]!["externalId"]!).ToArray()); // A-3 v4 is stale
        Assert.Equal(1, _target.Requests - before); // A-1 and A-2 in one batch call
        var written = ((JsonNode)result.Variables["written"]!).AsArray();
        Assert.Equal([("A-1", "Created"), ("A-2", "Failed")], written.Select(w => ((string)w!["element"]!["record"]!["externalId"]!, (string)w["status"]!)).ToArray());
        Assert.Equal("Kunde 1", (string?)written[0]!["record"]!["payload"]!["name"]);
        Assert.Equal(["Kunde 3", "Kunde 1"], _target.Customers.Select(c => c.Name).ToArray()); // the first run wrote Kunde 3

        var entry = Assert.Single(await _hub.Services.GetRequiredService<IntegrationHub.Storage.IQuarantineStore>().ListAsync(new IntegrationHub.Storage.QuarantineQuery("page-flow")));
        Assert.Equal(("fxiaoke", "A-2"), (entry.Record.System, entry.Record.ExternalId));
        Assert.Equal("VALIDATION: name is required", entry.Reasons["target"]);
    }

    [Theory]
    [InlineData("each: \"${ input }\"", "declare 'item' or name one with 'as'")]
    [InlineData("where: \"${ true }\"", "'where' applies to the elements of 'each'")]
    [InlineData("as: record", "'as' applies to the elements of 'each'")]
    public void EachAsWhere_AreCheckedWhenTheFileLoads(string line, string error)
    {
        var load = _hub.Engine.Load("test.yaml", $$"""
            definitionId: bad-each
            version: 1
            trigger: { type: Manual }
            variables:
              - { name: record, type: json }
            root:
              type: Sequence
              activities:
                - id: write
                  type: Connector.Upsert
                  system: target
                  entity: customer
                  records: "${ input }"
                  {{line}}
            """);

        Assert.False(load.Succeeded);
        Assert.Contains(load.Errors, e => e.ToString().Contains(error, StringComparison.Ordinal));
    }

    private async Task<WorkflowRunResult> RunAsync(string yaml, JsonNode? input = null)
    {
        var load = _hub.Engine.Load("test.yaml", yaml);
        Assert.True(load.Succeeded, string.Join(Environment.NewLine, load.Errors));
        return await _hub.Engine.RunAsync(load.Workflow!, input);
    }
}
