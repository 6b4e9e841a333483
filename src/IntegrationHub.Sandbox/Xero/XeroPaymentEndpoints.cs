using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace IntegrationHub.Sandbox.Xero;

/// <summary>
/// Xero's payments under <c>/api.xro/2.0</c>: <c>GET Payments</c> (<c>where</c> <c>PaymentType=="ACCRECPAYMENT"</c>,
/// <c>If-Modified-Since</c>, <c>order=UpdatedDateUTC</c>, <c>page</c> of 100). Payments are made in the sandbox by
/// <see cref="XeroPaymentStore.Pay"/> (a customer paying), not through the API.
/// </summary>
internal static partial class XeroPaymentEndpoints
{
    public static void Map(RouteGroupBuilder api, XeroPaymentStore payments, TimeProvider time)
    {
        api.MapGet("/Payments", (HttpRequest request) =>
        {
            if (request.Query["where"].ToString() is { Length: > 0 } where && !ReceivablePayments().IsMatch(where))
            {
                return XeroSandboxEndpoints.Validation(time, $"The where clause '{where}' is not supported by the sandbox (PaymentType==\"ACCRECPAYMENT\")");
            }

            if (request.Query["order"].ToString() is { Length: > 0 } order && order is not ("UpdatedDateUTC" or "UpdatedDateUTC ASC"))
            {
                return XeroSandboxEndpoints.Validation(time, $"order '{order}' is not supported by the sandbox for payments (UpdatedDateUTC [ASC])");
            }

            return XeroSandboxEndpoints.ModifiedSince(request, out var since)
                ? XeroSandboxEndpoints.Paged(request, time, "Payments", payments.List(since))
                : XeroSandboxEndpoints.Validation(time, $"If-Modified-Since '{request.Headers.IfModifiedSince}' is not a date");
        });
    }

    [GeneratedRegex("^PaymentType\\s*==\\s*\"ACCRECPAYMENT\"$", RegexOptions.CultureInvariant)]
    private static partial Regex ReceivablePayments();
}
