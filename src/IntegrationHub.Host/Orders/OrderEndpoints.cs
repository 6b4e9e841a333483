using IntegrationHub.Host.Configuration;
using System.Security.Claims;
using IntegrationHub.Host.Http;
using IntegrationHub.Host.Security;
using IntegrationHub.Orders;
using IntegrationHub.Storage;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Orders;

/// <summary><c>POST /api/v1/orders</c> (ERP push) and <c>GET /api/v1/orders/{id}</c> (status).</summary>
internal static class OrderEndpoints
{
    public const string ReplayedHeader = "Idempotent-Replayed";

    public static RouteGroupBuilder MapOrderEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/orders", PushAsync).WithName("PushOrder").RequireScope(Scopes.OrdersWrite)
            .TakesJson<SalesOrder>().Answers<OrderAccepted>(StatusCodes.Status202Accepted).ProducesValidationProblem()
            .Refuses(StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType,
                StatusCodes.Status422UnprocessableEntity, StatusCodes.Status503ServiceUnavailable)
            .HeaderParameter(IdempotencyKeyHeader.Name, "Required: one key per order push (1-255 printable ASCII characters, as an RFC 8941 string or bare); a retry with the same key and body answers the first answer.");
        api.MapGet("/orders/{orderId:guid}", GetAsync).WithName("GetOrder").RequireScope(Scopes.OrdersRead)
            .Answers<OrderStatus>().Refuses(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> PushAsync(HttpContext context, OrderIntakeService intake, IOptions<HubOptions> options, CancellationToken cancellationToken)
    {
        var key = IdempotencyKeyHeader.Parse(context.Request.Headers[IdempotencyKeyHeader.Name], out var keyError);
        if (RequestBody.CheckJsonContentType(context.Request) is { } unsupported)
        {
            return unsupported;
        }

        var body = await RequestBody.ReadAsync(context.Request, options.Value.MaxOrderBodyBytes, "Hub:MaxOrderBodyBytes", cancellationToken);
        if (body.Refusal is not null)
        {
            return body.Refusal;
        }

        var (order, errors) = OrderRequestParser.Parse(body.Bytes);
        if (keyError is not null)
        {
            errors[IdempotencyKeyHeader.Name] = [keyError];
        }

        if (order is null || key is null)
        {
            return Results.ValidationProblem(errors, title: "The order was not accepted: fix the fields listed in errors.");
        }

        var clientId = context.User.ClientId();
        var answer = await intake.AcceptAsync(clientId, key, body.Bytes, order, cancellationToken);
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

    /// <summary>A client sees the orders it pushed; an admin sees every order. Another client's order answers 404, as if absent.</summary>
    private static async Task<IResult> GetAsync(Guid orderId, ClaimsPrincipal user, IOrderIntakeStore store, CancellationToken cancellationToken)
    {
        var status = user.HasClaim(Scopes.ClaimType, Scopes.Admin)
            ? await store.GetAsync(orderId, cancellationToken)
            : await store.GetPushedByAsync(orderId, user.ClientId(), cancellationToken);
        return status is null
            ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Order not found", detail: $"No order {orderId}.")
            : Results.Ok(status);
    }
}

/// <summary>The 202 answer to an order push.</summary>
internal sealed record OrderAccepted(Guid OrderId, string OrderNumber, string Status, string StatusUrl);
