using System.Net;
using Microsoft.AspNetCore.Http;

namespace IntegrationHub.Connectors.Http.Tests.Errors;

public sealed class ErrorTranslationTests
{
    [Fact]
    public async Task Send_XeroValidationError_ThrowsPermanentWithTypeAndValidationMessages()
    {
        await using var stub = await StubServer.StartAsync(async (context, _) =>
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync("""
                {"ErrorNumber":10,"Type":"ValidationException","Message":"A validation exception occurred",
                 "Elements":[{"ValidationErrors":[{"Message":"Email address must be valid."}]}]}
                """);
        });
        await using var harness = ConnectorHarness.Create(stub.BaseUrl);

        var error = await Assert.ThrowsAsync<ConnectorPermanentException>(() => harness.Client.PostAsync("Invoices?summarizeErrors=false", new StringContent("{}")));

        Assert.Equal(400, error.StatusCode);
        Assert.Equal("ValidationException", error.VendorCode);
        Assert.Equal(["Email address must be valid."], error.Details);
        Assert.Equal("test: POST /Invoices answered 400 Bad Request: ValidationException A validation exception occurred", error.Message);
    }

    [Fact]
    public async Task Send_ProblemJson_ThrowsPermanentWithFieldDetails()
    {
        await using var stub = await StubServer.StartAsync(async (context, _) =>
        {
            context.Response.StatusCode = 400;
            context.Response.ContentType = "application/problem+json";
            await context.Response.WriteAsync("""{"type":"https://mailchimp.com/developer/marketing/docs/errors/","title":"Invalid Resource","status":400,"detail":"Your merge fields were invalid.","errors":[{"field":"FNAME","message":"Please enter a value"}]}""");
        });
        await using var harness = ConnectorHarness.Create(stub.BaseUrl);

        var error = await Assert.ThrowsAsync<ConnectorPermanentException>(() => harness.Client.PutAsync("lists/1/members/abc", new StringContent("{}")));

        Assert.Equal("Invalid Resource", error.VendorCode);
        Assert.Contains("Your merge fields were invalid.", error.Message);
        Assert.Equal(["FNAME: Please enter a value"], error.Details);
    }

    [Fact]
    public async Task Send_SalesforceErrorArray_ThrowsPermanentWithTheFirstCode()
    {
        await using var stub = await StubServer.StartAsync(async (context, _) =>
        {
            context.Response.StatusCode = 403;
            await context.Response.WriteAsync("""[{"message":"TotalRequests Limit exceeded.","errorCode":"REQUEST_LIMIT_EXCEEDED"}]""");
        });
        await using var harness = ConnectorHarness.Create(stub.BaseUrl);

        var error = await Assert.ThrowsAsync<ConnectorPermanentException>(() => harness.Client.GetAsync("services/data/v60.0/query?q=SELECT+Id"));

        Assert.Equal("REQUEST_LIMIT_EXCEEDED", error.VendorCode);
        Assert.DoesNotContain("SELECT", error.Message);
    }

    [Fact]
    public async Task Send_HtmlErrorPage_ThrowsWithTheStatusOnlyAndDoesNotEchoTheBody()
    {
        await using var stub = await StubServer.StartAsync(async (context, _) =>
        {
            context.Response.StatusCode = 404;
            await context.Response.WriteAsync("<html>internal details</html>");
        });
        await using var harness = ConnectorHarness.Create(stub.BaseUrl);

        var error = await Assert.ThrowsAsync<ConnectorPermanentException>(() => harness.Client.GetAsync("Contacts/42"));

        Assert.Equal(404, error.StatusCode);
        Assert.Equal("test: GET /Contacts/42 answered 404 Not Found", error.Message);
    }

    [Fact]
    public async Task Send_NotModified_IsAnAnswerNotAnError()
    {
        await using var stub = await StubServer.StartAsync((context, _) =>
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        });
        await using var harness = ConnectorHarness.Create(stub.BaseUrl);

        using var response = await harness.Client.GetAsync("Invoices");

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }
}
