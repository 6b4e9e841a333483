namespace IntegrationHub.Benchmarks.Push;

/// <summary>
/// The wrk script: POST one order body with the API key and an Idempotency-Key unique per request (run id, wrk thread,
/// counter), so every push is a new order, never a replay.
/// </summary>
internal static class PushScript
{
    public const string Body = """{"orderNumber":"PO-PUSH-1","customerNumber":"CUST00001","orderDate":"2026-11-23","currency":"CNY","lines":[{"sku":"SKU-VALVE-25","quantity":10,"unitPrice":86.50,"taxRate":0.13}],"totalAmount":977.45}""";

    public static string Write(string folder, string apiKey)
    {
        var path = Path.Combine(folder, "push.lua");
        File.WriteAllText(path, $$"""
            local threads = 0
            function setup(thread)
              threads = threads + 1
              thread:set("tid", threads)
            end
            function init(args)
              prefix = args[1] .. "-" .. tid .. "-"
              counter = 0
            end
            wrk.method = "POST"
            wrk.body = '{{Body}}'
            wrk.headers["Content-Type"] = "application/json"
            wrk.headers["X-Api-Key"] = "{{apiKey}}"
            request = function()
              counter = counter + 1
              wrk.headers["Idempotency-Key"] = prefix .. counter
              return wrk.format()
            end
            """);
        return path;
    }
}
