using System.Runtime.CompilerServices;
using IntegrationHub.Storage;

namespace IntegrationHub.Host.Value;

/// <summary>
/// Puts each customer's orders and invoices together from the store's two streams (both ordered by customer), one customer
/// at a time, so a full run holds one customer's history at once, not everyone's.
/// </summary>
internal static class CustomerFactsReader
{
    public static async IAsyncEnumerable<CustomerFacts> ReadAllAsync(ICustomerValueStore store, string customerSystem, Action onUnreadableOrder,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var orders = store.StreamOrdersAsync(customerSystem, null, cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using var invoices = store.StreamInvoicesAsync(null, cancellationToken).GetAsyncEnumerator(cancellationToken);
        var hasOrder = await orders.MoveNextAsync().ConfigureAwait(false);
        var hasInvoice = await invoices.MoveNextAsync().ConfigureAwait(false);
        while (hasOrder)
        {
            var customer = orders.Current.CustomerHubId;
            var key = customer.ToString();
            var orderFacts = new List<OrderFact>();
            while (hasOrder && orders.Current.CustomerHubId == customer)
            {
                Add(orderFacts, orders.Current, onUnreadableOrder);
                hasOrder = await orders.MoveNextAsync().ConfigureAwait(false);
            }

            // Invoices of customers without orders are passed over: they have no value to work out.
            while (hasInvoice && string.CompareOrdinal(invoices.Current.CustomerHubId.ToString(), key) < 0)
            {
                hasInvoice = await invoices.MoveNextAsync().ConfigureAwait(false);
            }

            var invoiceFacts = new List<InvoiceFact>();
            while (hasInvoice && invoices.Current.CustomerHubId == customer)
            {
                invoiceFacts.Add(Invoice(invoices.Current));
                hasInvoice = await invoices.MoveNextAsync().ConfigureAwait(false);
            }

            yield return new CustomerFacts(customer, orderFacts, invoiceFacts);
        }
    }

    public static async Task<CustomerFacts> ReadOneAsync(ICustomerValueStore store, string customerSystem, Guid customer, Action onUnreadableOrder, CancellationToken cancellationToken)
    {
        var orderFacts = new List<OrderFact>();
        await foreach (var row in store.StreamOrdersAsync(customerSystem, customer, cancellationToken).ConfigureAwait(false))
        {
            Add(orderFacts, row, onUnreadableOrder);
        }

        var invoiceFacts = new List<InvoiceFact>();
        await foreach (var row in store.StreamInvoicesAsync(customer, cancellationToken).ConfigureAwait(false))
        {
            invoiceFacts.Add(Invoice(row));
        }

        return new CustomerFacts(customer, orderFacts, invoiceFacts);
    }

    private static void Add(List<OrderFact> facts, CustomerOrderRow row, Action onUnreadableOrder)
    {
        if (OrderFacts.From(row) is { } fact)
        {
            facts.Add(fact);
        }
        else
        {
            onUnreadableOrder();
        }
    }

    private static InvoiceFact Invoice(CustomerInvoiceRow r) => new(r.InvoiceId, r.Currency, r.Total, r.Due, r.Status, r.IssueDate, r.DueDate, r.Status == "paid" ? r.LastPaidOn : null);
}
