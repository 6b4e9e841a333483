using System.Text.Json.Nodes;
using IntegrationHub.Sandbox.Fxiaoke;
using IntegrationHub.Sandbox.Kingdee;
using Microsoft.Extensions.Options;

namespace IntegrationHub.DevEnvironment;

/// <summary>
/// People at work in the demo's vendor systems, so that every flow has something to do, at
/// <c>DevEnvironment:ActivityPerSecond</c> (0 turns it off): sales reps edit CRM accounts (a new phone or e-mail), add
/// accounts (one in ten with a typo in the phone number, which the hub quarantines) and confirm ERP orders in the CRM
/// (which the hub approves in the ERP); ERP clerks key in orders for known customers, change the quantity of orders not yet
/// submitted, audit orders themselves (the hub confirms them in the CRM) and, now and then, key in a new customer with a
/// first order: the order parks in the hub until <c>erp-customers</c> has brought the customer to the CRM (within its
/// minute), then completes. An edit of an order the CRM has meanwhile confirmed (and the hub audited) is refused by the ERP,
/// as in K3Cloud, and skipped.
/// </summary>
internal sealed partial class BusinessActivity(DevEnvironmentService environment, IOptions<DevEnvironmentOptions> options, TimeProvider time, ILogger<BusinessActivity> logger)
    : BackgroundService
{
    private const string Accounts = "AccountObj";
    private const string Orders = "SalesOrderObj";
    private readonly List<string> _erpOrders = [];
    private int _orders;
    private int _customers;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var perSecond = options.Value.ActivityPerSecond;
        if (perSecond <= 0)
        {
            return;
        }

        var random = new Random(2026);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1 / perSecond), time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            if (environment.Sandboxes is not { Fxiaoke: { } crm } sandboxes
                || sandboxes.Systems.FirstOrDefault(s => s.System == "kingdee")?.Owner is not KingdeeSandbox erp)
            {
                continue;
            }

            try
            {
                Act(random, crm.Records, erp);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or KeyNotFoundException)
            {
                LogSkipped(logger, ex.Message);
            }
        }
    }

    private void Act(Random random, FxiaokeRecordStore crm, KingdeeSandbox erp)
    {
        var roll = random.NextDouble();
        if (roll < 0.25)
        {
            EditAccount(random, crm);
        }
        else if (roll < 0.37)
        {
            var typo = random.NextDouble() < 0.1;
            crm.Create(Accounts, new JsonObject
            {
                ["name"] = $"Demo Trading {Interlocked.Increment(ref _customers):D4}",
                ["tel"] = typo ? "1380013" : Mobile(random),
                ["email"] = $"buyer{_customers}@demo-trading.example",
            }, null);
        }
        else if (roll < 0.65)
        {
            // Customers in both systems: born in the ERP (the account carries the ERP number) or in the CRM (CRM-<account id>).
            var known = crm.All(Accounts).Select(a => (string?)a["erp_customer_no__c"] ?? "CRM-" + (string)a["_id"]!)
                .Where(n => erp.Store.Field("BD_Customer", n, "FName") is not null).ToList();
            if (known.Count > 0)
            {
                CreateOrder(random, erp, known[random.Next(known.Count)]);
            }
        }
        else if (roll < 0.73)
        {
            var number = $"ERP{Interlocked.Increment(ref _customers):D5}";
            erp.Users.CreateCustomer(number, $"Prospect Machinery {_customers:D4}");
            CreateOrder(random, erp, number);
        }
        else if (roll < 0.85)
        {
            EditErpOrder(random, erp);
        }
        else if (crm.Query(Orders, o => (string?)o["order_status"] == "1" && o["erp_order_no__c"] is not null && ((string?)o["erp_order_no__c"])!.StartsWith("SO-DEMO-", StringComparison.Ordinal)) is { Count: > 0 } open)
        {
            crm.Update(Orders, (string)open[random.Next(open.Count)]["_id"]!, new JsonObject { ["order_status"] = "2" }, null);
        }
    }

    private void CreateOrder(Random random, KingdeeSandbox erp, string customerNumber)
    {
        var billNo = $"SO-DEMO-{Interlocked.Increment(ref _orders):D6}";
        erp.Users.CreateOrder(billNo, customerNumber, KingdeeUsers.Materials[random.Next(KingdeeUsers.Materials.Count)], random.Next(1, 40));
        _erpOrders.Add(billNo);
    }

    /// <summary>Two in three: a new quantity on a recent order (refused once it is audited); else the clerk audits one.</summary>
    private void EditErpOrder(Random random, KingdeeSandbox erp)
    {
        if (_erpOrders.Count == 0)
        {
            return;
        }

        var billNo = _erpOrders[Math.Max(0, _erpOrders.Count - 1 - random.Next(Math.Min(50, _erpOrders.Count)))];
        if (random.NextDouble() < 0.67)
        {
            erp.Users.ChangeQuantity(billNo, random.Next(1, 60));
        }
        else
        {
            erp.Users.Audit(billNo);
        }
    }

    private static void EditAccount(Random random, FxiaokeRecordStore crm)
    {
        var accounts = crm.All(Accounts);
        if (accounts.Count > 0)
        {
            var account = accounts[random.Next(accounts.Count)];
            crm.Update(Accounts, (string)account["_id"]!, random.NextDouble() < 0.5
                ? new JsonObject { ["tel"] = Mobile(random) }
                : new JsonObject { ["email"] = $"contact{random.Next(100_000)}@{((string?)account["name"] ?? "demo").Split(' ')[0].ToLowerInvariant()}.example" }, null);
        }
    }

    private static string Mobile(Random random) => $"13{random.Next(5, 10)}{random.Next(1000, 10_000)}{random.Next(1000, 10_000)}";

    [LoggerMessage(Level = LogLevel.Debug, Message = "Demo activity skipped: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string reason);
}
