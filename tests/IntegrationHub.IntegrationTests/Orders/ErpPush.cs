using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace IntegrationHub.IntegrationTests.Orders;

/// <summary>An ERP's push as the crash tests make it: one order, one Idempotency-Key, and no answer is a reason to retry.</summary>
internal static class ErpPush
{
    /// <returns>True when the order was answered 202 (new or replayed) and noted in <paramref name="accepted"/>; false when it got no answer or must be retried.</returns>
    public static async Task<bool> TryAsync(HttpClient http, string number, string idempotencyKey, string customer, ConcurrentDictionary<string, string> accepted)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/orders")
        {
            Content = new StringContent(SampleOrders.Json(number, customer: customer), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        try
        {
            using var response = await http.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                accepted[number] = response.Headers.Location?.OriginalString ?? "";
                return true;
            }

            return false; // 409 still processing, 503 not yet confirmed: the ERP retries later
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false; // the hub died mid-request or is still starting
        }
    }
}
