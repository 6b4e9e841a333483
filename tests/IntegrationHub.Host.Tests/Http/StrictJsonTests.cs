using System.Text;
using IntegrationHub.Host.Http;

namespace IntegrationHub.Host.Tests.Http;

public class StrictJsonTests
{
    [Theory]
    [InlineData("""{"a":"\ud800"}""", "a")]
    [InlineData("""{"a":["x","\udfffy"]}""", "a[1]")]
    [InlineData("""{"a":{"\ud83d":1}}""", "a")]
    [InlineData("""{"a":1,"b":{"c":1,"c":2}}""", "b.c")]
    [InlineData("""{"a":"tab\tok","b":"bell\u0007"}""", "b")]
    [InlineData("""{"x y":{"z":"\u009b"}}""", "$['x y'].z")]
    [InlineData("""[1,2,1e400]""", "$[2]")]
    [InlineData("""{"n":123456789012345678901234567890123456789012345678901234567890123456789}""", "n")]
    public void Refuses_NamingThePath(string json, string path)
    {
        using var document = StrictJson.Parse(Encoding.UTF8.GetBytes(json), out var problem);

        Assert.Null(document);
        Assert.Equal(path, problem!.Path);
    }

    [Fact]
    public void Duplicates_AreFoundAlsoInObjectsWithManyProperties()
    {
        var members = string.Join(",", Enumerable.Range(0, 5000).Select(i => $"\"p{i}\":{i}"));

        using var unique = StrictJson.Parse(Encoding.UTF8.GetBytes("{" + members + "}"), out var none);
        using var repeated = StrictJson.Parse(Encoding.UTF8.GetBytes("{" + members + ",\"p4321\":0}"), out var problem);

        Assert.NotNull(unique);
        Assert.Null(none);
        Assert.Null(repeated);
        Assert.Equal("p4321", problem!.Path);
    }

    [Fact]
    public void Refuses_InvalidUtf8InAString()
    {
        byte[] body = [.. "{\"a\":\"ok\",\"b\":\""u8, 0xc3, 0x28, .. "\"}"u8];

        using var document = StrictJson.Parse(body, out var problem);

        Assert.Null(document);
        Assert.Contains("invalid UTF-8", problem!.Message);
    }

    [Fact]
    public void Refuses_NestingDeeperThanTheLimit_ButAcceptsItAtTheLimit()
    {
        var atLimit = new string('[', StrictJson.MaxDepth) + new string(']', StrictJson.MaxDepth);
        var over = new string('[', StrictJson.MaxDepth + 1) + new string(']', StrictJson.MaxDepth + 1);

        using var accepted = StrictJson.Parse(Encoding.UTF8.GetBytes(atLimit), out _);
        using var refused = StrictJson.Parse(Encoding.UTF8.GetBytes(over), out var problem);

        Assert.NotNull(accepted);
        Assert.Null(refused);
        Assert.Contains("not valid JSON", problem!.Message);
    }

    [Fact]
    public void Accepts_OrdinaryJson_WithPairedSurrogatesAndLineBreaks()
    {
        var node = StrictJson.ParseNode(Encoding.UTF8.GetBytes("""{"emoji":"\ud83d\ude00","text":"a\r\nb\tc","n":-1.5e3,"ok":[true,null]}"""), out var problem);

        Assert.Null(problem);
        Assert.Equal("\U0001F600", node!["emoji"]!.GetValue<string>());
    }

    [Fact]
    public void SyntaxErrors_GiveLineAndByte_WithoutTheParsersPathSuffix()
    {
        using var document = StrictJson.Parse(Encoding.UTF8.GetBytes("{\n  \"a\": tru\n}"), out var problem);

        Assert.Null(document);
        Assert.StartsWith("The body is not valid JSON (line 2", problem!.Message);
        Assert.DoesNotContain("LineNumber:", problem.Message);
    }
}
