namespace IntegrationHub.Connectors.Fxiaoke;

/// <summary>Fxiaoke object and field api names the hub reads and writes. Custom fields end in <c>__c</c>.</summary>
public static class FxiaokeFields
{
    public const string AccountObject = "AccountObj";
    public const string SalesOrderObject = "SalesOrderObj";
    public const string SalesOrderLineObject = "SalesOrderProductObj";

    public const string Id = "_id";
    public const string Name = "name";
    public const string AccountId = "account_id";
    public const string OrderTime = "order_time";
    public const string OrderAmount = "order_amount";
    public const string OrderStatus = "order_status";
    public const string ErpCustomerNo = "erp_customer_no__c";
    public const string ErpOrderNo = "erp_order_no__c";
    public const string ErpVersion = "erp_version__c";
    public const string HubId = "hub_id__c";
    public const string Currency = "currency__c";
}
