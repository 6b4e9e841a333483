using System.Text.Json;

namespace IntegrationHub.Connectors.Kingdee.Tests.Client;

/// <summary>BatchSave's documented answer (WireMock.Net playing K3Cloud): SuccessEntitys and Errors name the models by DIndex.</summary>
public sealed class KingdeeBatchSaveContractTests
{
    [Fact]
    public async Task Upsert_AnswerWithErrorsAndSuccessesByDIndex_EachRecordGetsItsOwnResult()
    {
        using var kingdee = KingdeeMock.Start();
        // CUST0002 exists with id 100002 and an older stored source version.
        kingdee.Answer(KingdeeMock.ExecuteBillQuery, "query.existing", """[[100002,"CUST0002",3]]""");
        kingdee.Answer(KingdeeMock.BatchSave, "save.per-model", """
            {"Result":{"ResponseStatus":{"ErrorCode":500,"IsSuccess":false,
              "Errors":[{"FieldName":"FTAXREGISTERCODE","Message":"the tax registration number is not valid","DIndex":1}],
              "SuccessEntitys":[{"Id":100101,"Number":"CUST0101","DIndex":0},{"Id":100002,"Number":"CUST0002","DIndex":2}],
              "SuccessMessages":[],"MsgCode":11},"Id":"","Number":"","NeedReturnData":[]}}
            """);
        await using var harness = KingdeeHarness.Create(kingdee.BaseUrl);
        CanonicalRecord[] records =
        [
            Customer("c-101", """{"number":"CUST0101","name":"Alpha"}""", 5),
            Customer("c-102", """{"number":"CUST0102","name":"Gamma","taxId":"123"}""", 5),
            Customer("c-2", """{"number":"CUST0002","name":"Beta"}""", 5),
        ];

        var results = await harness.Customers.Upserter!.UpsertAsync(records);

        Assert.Equal(RecordUpsertStatus.Created, results[0].Status);
        Assert.Equal("CUST0101", results[0].TargetId);
        Assert.Equal(RecordUpsertStatus.Failed, results[1].Status);
        Assert.Equal(records[1].Identity, results[1].Error!.Record);
        Assert.Equal("FTAXREGISTERCODE: the tax registration number is not valid", results[1].Error!.Message);
        Assert.Equal(RecordUpsertStatus.Updated, results[2].Status);
        var call = Assert.Single(kingdee.Calls(KingdeeMock.BatchSave));
        Assert.Equal("s-1", call.Session());
        var save = call.Body();
        Assert.Equal("BD_Customer", (string?)save["formid"]);
        var models = save["data"]!["Model"]!.AsArray();
        Assert.Equal([0L, 0L, 100002L], models.Select(m => (long)m!["FCUSTID"]!));
        Assert.Equal("100", (string?)models[0]!["FUseOrgId"]!["FNumber"]);
    }

    [Fact]
    public async Task Upsert_StoredVersionNewer_SkippedWithoutASave()
    {
        using var kingdee = KingdeeMock.Start();
        kingdee.Answer(KingdeeMock.ExecuteBillQuery, "query.newer", """[[100002,"CUST0002",9]]""");
        await using var harness = KingdeeHarness.Create(kingdee.BaseUrl);

        var result = Assert.Single(await harness.Customers.Upserter!.UpsertAsync([Customer("c-2", """{"number":"CUST0002","name":"Beta"}""", 4)]));

        Assert.Equal(RecordUpsertStatus.Skipped, result.Status);
        Assert.Empty(kingdee.Calls(KingdeeMock.BatchSave));
    }

    [Fact]
    public async Task Upsert_WholeCallRefusedWithoutPerModelErrors_ThrownForTheBatch()
    {
        using var kingdee = KingdeeMock.Start();
        kingdee.Answer(KingdeeMock.BatchSave, "save.refused", """{"Result":{"ResponseStatus":{"ErrorCode":500,"IsSuccess":false,"Errors":[],"SuccessEntitys":[],"MsgCode":14}}}""");
        await using var harness = KingdeeHarness.Create(kingdee.BaseUrl);

        var error = await Assert.ThrowsAsync<ConnectorTransientException>(() => harness.Customers.Upserter!.UpsertAsync([Customer("c", """{"number":"C1","name":"N"}""", 1)]));

        Assert.Equal("14", error.VendorCode);
    }

    [Fact]
    public async Task Upsert_NewestVersionOfANumberInvalid_OlderDuplicateFailsWithItNotSkipped()
    {
        using var kingdee = KingdeeMock.Start();
        await using var harness = KingdeeHarness.Create(kingdee.BaseUrl);

        var results = await harness.Customers.Upserter!.UpsertAsync(
            [Customer("c", """{"number":"C1","name":"Old"}""", 1), Customer("c", """{"number":"C1"}""", 2)]);

        Assert.All(results, r => Assert.Equal(RecordUpsertStatus.Failed, r.Status));
        Assert.Equal("name is required", results[0].Error!.Message);
        Assert.Empty(kingdee.Calls(KingdeeMock.BatchSave));
    }

    private static CanonicalRecord Customer(string id, string payload, long version) =>
        new("crm", CanonicalEntity.Customer, id, version, JsonDocument.Parse(payload).RootElement.Clone());
}
