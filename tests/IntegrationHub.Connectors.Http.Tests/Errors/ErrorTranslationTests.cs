using System.Net;

namespace IntegrationHub.Connectors.Http.Tests.Errors;

public sealed class ErrorTranslationTests
{
    [Fact]
    public async Task Send_XeroValidationError_ThrowsPermanentWithTypeAndValidationMessages()
    {
        using var stub = PlumbingMock.Answering(400, """
            {"ErrorNumber":10,"Type":"ValidationException","Message":"A validation exception occurred",
             "Elements":[{"ValidationErrors":[{"Message":"Email address must be valid."}]}]}
            """);
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
        using var stub = PlumbingMock.Answering(400, """{"type":"https://mailchimp.com/developer/marketing/docs/errors/","title":"Invalid Resource","status":400,"detail":"Your merge fields were invalid.","errors":[{"field":"FNAME","message":"Please enter a value"}]}""",
            ("Content-Type", "application/problem+json"));
        await using var harness = ConnectorHarness.Create(stub.BaseUrl);

        var error = await Assert.ThrowsAsync<ConnectorPermanentException>(() => harness.Client.PutAsync("lists/1/members/abc", new StringContent("{}")));

        Assert.Equal("Invalid Resource", error.VendorCode);
        Assert.Contains("Your merge fields were invalid.", error.Message);
        Assert.Equal(["FNAME: Please enter a value"], error.Details);
    }

    [Fact]
    public async Task Send_SalesforceErrorArray_ThrowsPermanentWithTheFirstCode()
    {
        using var stub = PlumbingMock.Answering(403, """[{"message":"TotalRequests Limit exceeded.","errorCode":"REQUEST_LIMIT_EXCEEDED"}]""");
        await using var harness = ConnectorHarness.Create(stub.BaseUrl);

        var error = await Assert.ThrowsAsync<ConnectorPermanentException>(() => harness.Client.GetAsync("services/data/v60.0/query?q=SELECT+Id"));

        Assert.Equal("REQUEST_LIMIT_EXCEEDED", error.VendorCode);
        Assert.DoesNotContain("SELECT", error.Message);
    }

    [Fact]
    public async Task Send_HtmlErrorPage_ThrowsWithTheStatusOnlyAndDoesNotEchoTheBody()
    {
        using var stub = PlumbingMock.Answering(404, "<html>internal details</html>", ("Content-Type", "text/html"));
        await using var harness = ConnectorHarness.Create(stub.BaseUrl);

        var error = await Assert.ThrowsAsync<ConnectorPermanentException>(() => harness.Client.GetAsync("Contacts/42"));

        Assert.Equal(404, error.StatusCode);
        Assert.Equal("test: GET /Contacts/42 answered 404 Not Found", error.Message);
    }

    [Fact]
    public async Task Send_NotModified_IsAnAnswerNotAnError()
    {
        using var stub = PlumbingMock.Answering(304);
        await using var harness = ConnectorHarness.Create(stub.BaseUrl);

        using var response = await harness.Client.GetAsync("Invoices");

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }
}
