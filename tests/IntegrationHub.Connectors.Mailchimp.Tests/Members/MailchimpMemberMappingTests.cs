using System.Text.Json;
using IntegrationHub.Connectors.Mailchimp.Members;

namespace IntegrationHub.Connectors.Mailchimp.Tests.Members;

public sealed class MailchimpMemberMappingTests
{
    // The shape of a list member in the Marketing API reference (GET /lists/{list_id}/members/{subscriber_hash}).
    private const string Member = """
        {
          "id": "62eeb292278cc15f5817cb78f7790b08",
          "email_address": "urist.mcvankab@freddiesjokes.com",
          "unique_email_id": "d1f2a3b4c5",
          "contact_id": "9f8e7d",
          "full_name": "Urist McVankab",
          "web_id": 123456,
          "email_type": "html",
          "status": "cleaned",
          "merge_fields": {
            "FNAME": "Urist",
            "LNAME": "McVankab",
            "ADDRESS": { "addr1": "1 Fortress Way", "addr2": "Hall 3", "city": "Boatmurdered", "state": "GA", "zip": "30301", "country": "US" },
            "PHONE": "",
            "BIRTHDAY": "02/29"
          },
          "stats": {
            "avg_open_rate": 0.42,
            "avg_click_rate": 0.07,
            "ecommerce_data": { "total_revenue": 1234.50, "number_of_orders": 3, "currency_code": "usd" }
          },
          "ip_signup": "",
          "timestamp_signup": "2015-09-15T17:20:11+00:00",
          "ip_opt": "198.2.191.34",
          "timestamp_opt": "2015-09-15T17:20:11+00:00",
          "member_rating": 2,
          "last_changed": "2015-09-15T17:27:16+00:00",
          "language": "en",
          "vip": false,
          "email_client": "Gmail",
          "source": "Import",
          "tags_count": 2,
          "tags": [ { "id": 17, "name": "customer" }, { "id": 42, "name": "trade-fair" } ],
          "list_id": "57afe96172"
        }
        """;

    [Fact]
    public void ToCanonical_DocumentedMember_MapsIdentityVersionFieldsDatesAndMoney()
    {
        var record = MailchimpMemberMapping.ToCanonical(JsonDocument.Parse(Member).RootElement);
        var p = record.Payload;

        Assert.Equal(new RecordIdentity("mailchimp", CanonicalEntity.MarketingContact, "62eeb292278cc15f5817cb78f7790b08"), record.Identity);
        Assert.Equal(DateTimeOffset.Parse("2015-09-15T17:27:16Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(), record.SourceVersion);
        Assert.Equal("urist.mcvankab@freddiesjokes.com", p.GetProperty("email").GetString());
        Assert.Equal("Urist", p.GetProperty("firstName").GetString());
        Assert.Equal(JsonValueKind.Null, p.GetProperty("phone").ValueKind); // empty merge field -> absent, not ""
        Assert.Equal("--02-29", p.GetProperty("birthday").GetString());
        Assert.Equal("1 Fortress Way\nHall 3", p.GetProperty("address").GetProperty("street").GetString());
        Assert.Equal("bounced", p.GetProperty("status").GetString());
        Assert.Equal("2015-09-15T17:27:16Z", p.GetProperty("lastChanged").GetString());
        Assert.Equal("2015-09-15T17:20:11Z", p.GetProperty("signedUpAt").GetString());
        Assert.Equal(new[] { "customer", "trade-fair" }, p.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToArray());
        Assert.Equal(1234.50m, p.GetProperty("lifetimeValue").GetProperty("amount").GetDecimal());
        Assert.Equal("USD", p.GetProperty("lifetimeValue").GetProperty("currency").GetString());
    }

    [Theory]
    [InlineData("subscribed", "subscribed")]
    [InlineData("unsubscribed", "unsubscribed")]
    [InlineData("cleaned", "bounced")]
    [InlineData("pending", "pending")]
    [InlineData("transactional", "transactional")]
    [InlineData("archived", "archived")]
    public void Status_VendorVocabulary_MapsToCanonical(string vendor, string canonical) =>
        Assert.Equal(canonical, MailchimpStatus.ToCanonical(vendor));

    [Fact]
    public void ToCanonical_EmptyAddressMergeFieldAndNoStats_NoAddressNoMoney()
    {
        var json = Member.Replace("\"ADDRESS\": { \"addr1\": \"1 Fortress Way\", \"addr2\": \"Hall 3\", \"city\": \"Boatmurdered\", \"state\": \"GA\", \"zip\": \"30301\", \"country\": \"US\" }", "\"ADDRESS\": \"\"", StringComparison.Ordinal)
            .Replace("\"ecommerce_data\": { \"total_revenue\": 1234.50, \"number_of_orders\": 3, \"currency_code\": \"usd\" }", "\"ecommerce_data\": {}", StringComparison.Ordinal);

        var p = MailchimpMemberMapping.ToCanonical(JsonDocument.Parse(json).RootElement).Payload;

        Assert.Equal(JsonValueKind.Null, p.GetProperty("address").ValueKind);
        Assert.Equal(JsonValueKind.Null, p.GetProperty("lifetimeValue").ValueKind);
    }

    [Fact]
    public void ToCanonical_MemberWithoutLastChanged_FormatExceptionNamingTheMember()
    {
        var json = Member.Replace("\"last_changed\": \"2015-09-15T17:27:16+00:00\",", "", StringComparison.Ordinal);

        var error = Assert.Throws<FormatException>(() => MailchimpMemberMapping.ToCanonical(JsonDocument.Parse(json).RootElement));

        Assert.Contains("62eeb292278cc15f5817cb78f7790b08", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToWrite_SubscribedContact_StatusIfNewOnly_MergeFieldsBirthdayAndTags()
    {
        var write = MailchimpMemberMapping.ToWrite(Contacts.Contact("c-1", "Urist.McVankab@FreddiesJokes.com", tags: ["vip", "vip", "fair"], birthday: "--07-04"));

        Assert.Equal("62eeb292278cc15f5817cb78f7790b08", write.SubscriberHash);
        Assert.Equal("subscribed", write.Body["status_if_new"]!.GetValue<string>());
        Assert.Null(write.Body["status"]); // never re-subscribes someone who unsubscribed in Mailchimp
        Assert.Equal("Ada", write.Body["merge_fields"]!["FNAME"]!.GetValue<string>());
        Assert.Equal("07/04", write.Body["merge_fields"]!["BIRTHDAY"]!.GetValue<string>());
        Assert.Equal(["vip", "fair"], write.Tags);
    }

    [Fact]
    public void ToWrite_Unsubscribed_WritesTheOptOutAsStatus()
    {
        var write = MailchimpMemberMapping.ToWrite(Contacts.Contact("c-1", "a@b.org", status: "unsubscribed"));

        Assert.Equal("unsubscribed", write.Body["status"]!.GetValue<string>());
    }

    [Fact]
    public void ToWrite_VersionMergeField_CarriesTheSourceVersion()
    {
        var write = MailchimpMemberMapping.ToWrite(Contacts.Contact("c-1", "a@b.org", version: 42), "HUBVER");

        Assert.Equal(42, write.Body["merge_fields"]!["HUBVER"]!.GetValue<long>());
    }

    [Theory]
    [InlineData(null, "subscribed", "invalid-payload")]
    [InlineData("not-an-address", "subscribed", "invalid-payload")]
    [InlineData("a@b.org", "bounced", "invalid-status")]
    [InlineData("a@b.org", "archived", "invalid-status")]
    public void ToWrite_UnwritableContact_RecordErrorWithTheRecordsIdentity(string? email, string status, string code)
    {
        var record = Contacts.Contact("c-9", email, status);

        var error = Assert.Throws<ConnectorRecordException>(() => MailchimpMemberMapping.ToWrite(record)).Error;

        Assert.Equal(record.Identity, error.Record);
        Assert.Equal(code, error.Code);
    }

    [Theory]
    [InlineData("urist.mcvankab@freddiesjokes.com")]
    [InlineData("Urist.McVankab@FreddiesJokes.com")]
    [InlineData("  urist.mcvankab@freddiesjokes.com ")]
    public void SubscriberHash_VendorsExample_Md5OfLowerCasedEmail(string email) =>
        Assert.Equal("62eeb292278cc15f5817cb78f7790b08", SubscriberHash.Of(email));

    [Theory]
    [InlineData("0123abcd-us14", "https://us14.api.mailchimp.com/3.0/")]
    [InlineData("0123abcd-US6", "https://us6.api.mailchimp.com/3.0/")]
    [InlineData("0123abcd", null)]
    [InlineData("0123abcd-", null)]
    [InlineData("0123abcd-us/14", null)]
    public void ApiKey_DataCentreSuffix_GivesTheBaseUrl(string key, string? baseUrl) =>
        Assert.Equal(baseUrl, MailchimpApiKey.BaseUrlOf(key));
}
