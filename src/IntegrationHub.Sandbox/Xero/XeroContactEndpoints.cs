using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace IntegrationHub.Sandbox.Xero;

/// <summary>
/// Xero's contacts under <c>/api.xro/2.0</c>: <c>GET Contacts</c> (<c>If-Modified-Since</c>, <c>where</c> on
/// <c>ContactNumber</c> joined with <c>OR</c>, <c>order=UpdatedDateUTC</c>, <c>page</c> of 100), <c>GET Contacts/{ContactID or
/// ContactNumber}</c> and <c>POST Contacts</c> (create or update, <c>summarizeErrors</c>, <c>Idempotency-Key</c>).
/// </summary>
internal static partial class XeroContactEndpoints
{
    public static void Map(RouteGroupBuilder api, XeroContactStore contacts, TimeProvider time)
    {
        api.MapGet("/Contacts", (HttpRequest request) =>
        {
            HashSet<string>? numbers = null;
            if (request.Query["where"].ToString() is { Length: > 0 } where)
            {
                numbers = [];
                foreach (var clause in where.Split(" OR ", StringSplitOptions.TrimEntries))
                {
                    if (NumberClause().Match(clause) is not { Success: true } m)
                    {
                        return XeroSandboxEndpoints.Validation(time, $"The where clause '{where}' is not supported by the sandbox (ContactNumber==\"...\" joined with OR)");
                    }

                    numbers.Add(m.Groups["number"].Value);
                }
            }

            if (request.Query["order"].ToString() is { Length: > 0 } order && order is not ("UpdatedDateUTC" or "UpdatedDateUTC ASC"))
            {
                return XeroSandboxEndpoints.Validation(time, $"order '{order}' is not supported by the sandbox for contacts (UpdatedDateUTC [ASC])");
            }

            return XeroSandboxEndpoints.ModifiedSince(request, out var since)
                ? XeroSandboxEndpoints.Paged(request, time, "Contacts", contacts.List(since, numbers))
                : XeroSandboxEndpoints.Validation(time, $"If-Modified-Since '{request.Headers.IfModifiedSince}' is not a date");
        });

        api.MapGet("/Contacts/{id}", (string id) => contacts.Get(id) is { } contact
            ? Results.Json(XeroSandboxEndpoints.Envelope(time, "Contacts", new JsonArray(contact)))
            : XeroSandboxEndpoints.NotFound());

        XeroSandboxEndpoints.MapBatchPost(api, "Contacts", single: body => body.ContainsKey("Name") || body.ContainsKey("ContactID"),
            (items, allOrNothing) => contacts.Save(items, allOrNothing), time);
    }

    [GeneratedRegex("^ContactNumber\\s*==\\s*\"(?<number>[^\"]*)\"$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberClause();
}
