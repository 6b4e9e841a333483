using IntegrationHub.Host.Configuration;
using IntegrationHub.Storage;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Orders;

/// <summary><c>POST /api/v1/orders</c> (ERP push) and <c>GET /api/v1/orders/{id}</c> (status).</summary>
internal static class OrderEndpoints
{
    public const string ReplayedHeader = "Idempotent-Replayed";

    public static RouteGroupBuilder MapOrderEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/orders", PushAsync).WithName("PushOrder");
        api.MapGet("/orders/{orderId:guid}", GetAsync).WithName("GetOrder");
        return api;
    }

    private static async Task<IResult> PushAsync(HttpContext context, OrderIntakeService intake, IOptions<HubOptions> options, CancellationToken cancellationToken)
    {
        var key = IdempotencyKeyHeader.Parse(context.Request.Headers[IdempotencyKeyHeader.Name], out var keyError);
        var body = await ReadBodyAsync(context.Request, options.Value.MaxOrderBodyBytes, cancellationToken);
        if (body is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Order too large",
                detail: $"The body exceeds Hub:MaxOrderBodyBytes ({options.Value.MaxOrderBodyBytes} bytes).");
        }

        var (order, errors) = OrderRequestParser.Parse(body.Value);
        if (keyError is not null)
        {
            errors[IdempotencyKeyHeader.Name] = [keyError];
        }

        if (order is null || key is null)
        {
            return Results.ValidationProblem(errors, title: "The order was not accepted: fix the fields listed in errors.");
        }

        var clientId = context.User.Identity?.Name ?? "anonymous";
        var answer = await intake.AcceptAsync(clientId, key, body.Value, order, cancellationToken);
        var statusUrl = $"/api/v1/orders/{answer.OrderId}";
        switch (answer.Kind)
        {
            case IntakeAnswerKind.KeyReused:
                return Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency-Key reused",
                    detail: "This Idempotency-Key was already used for a different request body. Use a new key for a new order push.");
            case IntakeAnswerKind.InProgress:
                context.Response.Headers.RetryAfter = "1";
                return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Request in progress",
                    detail: "A request with this Idempotency-Key is still being processed; retry shortly with the same key.");
            case IntakeAnswerKind.PublishPending:
                context.Response.Headers.RetryAfter = "5";
                return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Stored, not yet published",
                    detail: $"The order is stored as {answer.OrderId} but the message bus did not confirm it in time. It will be published automatically; retry with the same Idempotency-Key to get the final answer.");
            default:
                if (answer.Replayed)
                {
                    context.Response.Headers[ReplayedHeader] = "true";
                }

                return Results.Accepted(statusUrl, new OrderAccepted(answer.OrderId, answer.OrderNumber!, answer.State!, statusUrl));
        }
    }

    private static async Task<IResult> GetAsync(Guid orderId, IOrderIntakeStore store, CancellationToken cancellationToken)
    {
        var status = await store.GetAsync(orderId, cancellationToken);
        return status is null
            ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Order not found", detail: $"No order {orderId}.")
            : Results.Ok(status);
    }

    /// <returns>The body, or null when it is larger than <paramref name="limit"/>.</returns>
    private static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }
}

/// <summary>The 202 answer to an order push.</summary>
internal sealed record OrderAccepted(Guid OrderId, string OrderNumber, string Status, string StatusUrl);
