using System.Text.Json.Nodes;

namespace IntegrationHub.Sandbox.Kingdee;

/// <summary>
/// A document as K3Cloud's <c>View</c> answers it: ORM property names (the field key without its leading F), names as
/// localized arrays <c>[{Key: 2052, Value}]</c>, references as <c>{Id, Number, Name}</c>, the order's finance sub-entity as a
/// one-row array and its entries as <c>SaleOrderEntry</c>.
/// </summary>
internal static class KingdeeViewModel
{
    private const int Lcid = 2052;

    public static JsonObject Of(KingdeeForms form, KingdeeDocument doc)
    {
        var h = doc.Header;
        if (form == KingdeeForms.Customer)
        {
            return new JsonObject
            {
                ["Id"] = doc.Id,
                ["Number"] = Copy(h["FNumber"]),
                ["Name"] = Localized(h["FName"]),
                ["ShortName"] = Localized(h["FShortName"]),
                ["TEL"] = Copy(h["FTEL"]),
                ["TAXREGISTERCODE"] = Copy(h["FTAXREGISTERCODE"]),
                ["TRADINGCURRID"] = Reference(h["FTRADINGCURRID.FNumber"], null),
                ["DocumentStatus"] = Copy(h["FDocumentStatus"]),
                ["ForbidStatus"] = Copy(h["FForbidStatus"]),
                ["CreateDate"] = Copy(h["FCreateDate"]),
                ["ModifyDate"] = Copy(h["FModifyDate"]),
            };
        }

        return new JsonObject
        {
            ["Id"] = doc.Id,
            ["BillNo"] = Copy(h["FBillNo"]),
            ["Date"] = Copy(h["FDate"]),
            ["CustId"] = Reference(h["FCustId.FNumber"], h["FCustId.FName"]),
            ["DocumentStatus"] = Copy(h["FDocumentStatus"]),
            ["Note"] = Copy(h["FNote"]),
            ["CreateDate"] = Copy(h["FCreateDate"]),
            ["ModifyDate"] = Copy(h["FModifyDate"]),
            ["SaleOrderFinance"] = new JsonArray(new JsonObject
            {
                ["SettleCurrId"] = Reference(h["FSettleCurrId.FNumber"], null),
                ["BillAllAmount"] = Copy(h["FBillAllAmount"]),
            }),
            ["SaleOrderEntry"] = new JsonArray(doc.Entries.Select(e => (JsonNode)new JsonObject
            {
                ["Id"] = Copy(e["FSaleOrderEntry_FEntryID"]),
                ["MaterialId"] = Reference(e["FMaterialId.FNumber"], e["FMaterialId.FName"]),
                ["Qty"] = Copy(e["FQty"]),
                ["Price"] = Copy(e["FPrice"]),
                ["TaxPrice"] = Copy(e["FTaxPrice"]),
                ["EntryTaxRate"] = Copy(e["FEntryTaxRate"]),
                ["AllAmount"] = Copy(e["FAllAmount"]),
            }).ToArray()),
        };
    }

    private static JsonNode? Copy(JsonNode? node) => node?.DeepClone();

    private static JsonNode? Localized(JsonNode? text) =>
        text is null ? null : new JsonArray(new JsonObject { ["Key"] = Lcid, ["Value"] = text.DeepClone() });

    private static JsonNode? Reference(JsonNode? number, JsonNode? name) =>
        number is null ? null : new JsonObject { ["Id"] = 0, ["Number"] = number.DeepClone(), ["Name"] = Localized(name) };
}
