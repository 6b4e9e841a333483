using System.Globalization;
using System.Text.Json.Nodes;

namespace IntegrationHub.Sandbox.Kingdee;

/// <summary>
/// What people keying into the ERP do, for demos: create a customer, create a sales order for one (status A, created;
/// <c>FModifyDate</c> now, so incremental readers see it), change an order's quantity before it is submitted, audit an order.
/// The customer must exist and the material be in the catalogue.
/// </summary>
public sealed class KingdeeUsers(KingdeeStore store, TimeProvider time)
{
    /// <summary>The catalogue's material numbers.</summary>
    public static IReadOnlyList<string> Materials { get; } = [.. KingdeeSeed.Materials.Select(m => m.Number)];

    public void CreateCustomer(string number, string name)
    {
        var now = KingdeeDates.Format(KingdeeDates.Local(time.GetUtcNow()));
        store.Seed(KingdeeForms.Customer, new JsonObject
        {
            ["FNumber"] = number,
            ["FName"] = name,
            ["FShortName"] = name.Length > 4 ? name[..4] : name,
            ["FTRADINGCURRID.FNumber"] = "PRE001",
            ["FDocumentStatus"] = "A",
            ["FForbidStatus"] = "A",
            ["FCreateOrgId.FNumber"] = "100",
            ["FUseOrgId.FNumber"] = "100",
            ["FCreateDate"] = now,
            ["FModifyDate"] = now,
        }, []);
    }

    /// <exception cref="ArgumentException">No such customer or material.</exception>
    public void CreateOrder(string billNo, string customerNumber, string materialNumber, int quantity)
    {
        var customer = KingdeeFilter.Text(store.Field(KingdeeForms.Customer.FormId, customerNumber, "FName"))
            ?? throw new ArgumentException($"no customer {customerNumber}", nameof(customerNumber));
        var material = KingdeeSeed.Materials.FirstOrDefault(m => m.Number == materialNumber);
        if (material.Number is null)
        {
            throw new ArgumentException($"no material {materialNumber}", nameof(materialNumber));
        }

        var local = KingdeeDates.Local(time.GetUtcNow());
        var taxPrice = decimal.Round(material.Price * 1.13m, 2);
        var amount = decimal.Round(quantity * taxPrice, 2);
        store.Seed(KingdeeForms.SaleOrder, new JsonObject
        {
            ["FBillNo"] = billNo,
            ["FDate"] = KingdeeDates.Format(local.Date),
            ["FCustId.FNumber"] = customerNumber,
            ["FCustId.FName"] = customer,
            ["FSaleOrgId.FNumber"] = "100",
            ["FBillTypeID.FNumber"] = "XSDD01_SYS",
            ["FSettleCurrId.FNumber"] = "PRE001",
            ["FBillAllAmount"] = amount,
            ["FDocumentStatus"] = "A",
            ["FCreateDate"] = KingdeeDates.Format(local),
            ["FModifyDate"] = KingdeeDates.Format(local),
        },
        [
            new JsonObject
            {
                ["FMaterialId.FNumber"] = material.Number,
                ["FMaterialId.FName"] = material.Name,
                ["FQty"] = quantity,
                ["FPrice"] = material.Price,
                ["FTaxPrice"] = taxPrice,
                ["FEntryTaxRate"] = 13m,
                ["FAllAmount"] = amount,
            },
        ]);
    }

    /// <summary>Changes the first line's quantity of a draft order, with its amounts and the order total, as a clerk would.</summary>
    /// <exception cref="KeyNotFoundException">No such order.</exception>
    /// <exception cref="InvalidOperationException">The order is in review or audited.</exception>
    public void ChangeQuantity(string billNo, int quantity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantity);
        store.Edit(KingdeeForms.SaleOrder, billNo, (header, entries) =>
        {
            var line = entries[0];
            var taxPrice = decimal.Parse(KingdeeFilter.Text(line["FTaxPrice"])!, CultureInfo.InvariantCulture);
            var before = decimal.Parse(KingdeeFilter.Text(line["FAllAmount"])!, CultureInfo.InvariantCulture);
            var amount = decimal.Round(quantity * taxPrice, 2);
            line["FQty"] = quantity;
            line["FAllAmount"] = amount;
            var total = decimal.Parse(KingdeeFilter.Text(header["FBillAllAmount"])!, CultureInfo.InvariantCulture);
            header["FBillAllAmount"] = total - before + amount;
        });
    }

    /// <summary>Submits and audits an order in one go (status C), as a clerk with the rights would.</summary>
    /// <exception cref="KeyNotFoundException">No such order.</exception>
    public void Audit(string billNo) => store.Set(KingdeeForms.SaleOrder.FormId, billNo, "FDocumentStatus", "C");
}
