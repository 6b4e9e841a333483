namespace IntegrationHub.Sandbox.Kingdee;

/// <summary>The two K3Cloud forms the sandbox holds: their id and number keys and the field keys a query may name.</summary>
internal sealed record KingdeeForms(string FormId, string IdKey, string NumberKey, IReadOnlySet<string> HeaderFields, IReadOnlySet<string> EntryFields)
{
    public static readonly KingdeeForms Customer = new("BD_Customer", "FCUSTID", "FNumber",
        new HashSet<string>(["FCUSTID", "FNumber", "FName", "FShortName", "FTEL", "FTAXREGISTERCODE", "FTRADINGCURRID.FNumber", "FDocumentStatus",
            "FForbidStatus", "FModifyDate", "FCreateDate", "FCreateOrgId.FNumber", "FUseOrgId.FNumber"]),
        new HashSet<string>());

    public static readonly KingdeeForms SaleOrder = new("SAL_SaleOrder", "FID", "FBillNo",
        new HashSet<string>(["FID", "FBillNo", "FDate", "FCustId.FNumber", "FCustId.FName", "FSaleOrgId.FNumber", "FBillTypeID.FNumber", "FSettleCurrId.FNumber",
            "FBillAllAmount", "FDocumentStatus", "FNote", "FModifyDate", "FCreateDate"]),
        new HashSet<string>(["FSaleOrderEntry_FEntryID", "FMaterialId.FNumber", "FMaterialId.FName", "FQty", "FPrice", "FTaxPrice", "FEntryTaxRate", "FAllAmount"]));

    public static KingdeeForms? Of(string? formId) => formId switch
    {
        "BD_Customer" => Customer,
        "SAL_SaleOrder" => SaleOrder,
        _ => null,
    };

    /// <summary>Known keys, plus custom fields (<c>F_...</c>), which any form may carry.</summary>
    public bool Knows(string key) => HeaderFields.Contains(key) || EntryFields.Contains(key) || key.StartsWith("F_", StringComparison.Ordinal);
}
