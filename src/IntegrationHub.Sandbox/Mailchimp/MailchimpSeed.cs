using System.Globalization;
using System.Text.Json.Nodes;
using Bogus;

namespace IntegrationHub.Sandbox.Mailchimp;

/// <summary>
/// Realistic seeded members (Bogus, fixed seed): mixed statuses, merge fields, tags, e-commerce stats. Changes spread over
/// the last 30 days, and a tenth of them share one second (a bulk import), so paging crosses a same-timestamp block.
/// </summary>
internal static class MailchimpSeed
{
    private static readonly string[] Statuses = ["subscribed", "subscribed", "subscribed", "subscribed", "unsubscribed", "cleaned", "pending", "transactional"];
    private static readonly string[] TagNames = ["customer", "newsletter", "vip", "webinar-2026", "trade-fair", "erp-import"];

    public static void Fill(MailchimpMemberStore store, int count, int seed, DateTimeOffset now)
    {
        var faker = new Faker("en") { Random = new Randomizer(seed) };
        var bulkImport = now.AddDays(-3);
        bulkImport = bulkImport.AddTicks(-(bulkImport.Ticks % TimeSpan.TicksPerSecond));
        for (var i = 0; i < count; i++)
        {
            var first = faker.Name.FirstName();
            var last = faker.Name.LastName();
            var email = faker.Internet.Email(first, last, provider: faker.PickRandom("gmail.com", "outlook.com", "acme-industrial.com", "qq.com", "web.de")).ToLowerInvariant();
            email = $"{i:D4}.{email}";
            var hash = MailchimpMemberStore.Hash(email);
            var changed = i % 10 == 0 ? bulkImport : now.AddSeconds(-faker.Random.Int(60, 30 * 24 * 3600));
            var signup = changed.AddDays(-faker.Random.Int(0, 400));
            var tags = faker.PickRandom(TagNames, faker.Random.Int(0, 3)).Distinct().ToArray();
            store.Seed(new JsonObject
            {
                ["id"] = hash,
                ["email_address"] = email,
                ["unique_email_id"] = hash[..10],
                ["web_id"] = 100000 + i,
                ["email_type"] = "html",
                ["status"] = faker.PickRandom(Statuses),
                ["merge_fields"] = new JsonObject
                {
                    ["FNAME"] = first,
                    ["LNAME"] = last,
                    ["ADDRESS"] = faker.Random.Bool(0.6f)
                        ? new JsonObject
                        {
                            ["addr1"] = faker.Address.StreetAddress(),
                            ["addr2"] = "",
                            ["city"] = faker.Address.City(),
                            ["state"] = faker.Address.StateAbbr(),
                            ["zip"] = faker.Address.ZipCode(),
                            ["country"] = faker.PickRandom("US", "DE", "CN", "GB"),
                        }
                        : "",
                    ["PHONE"] = faker.Random.Bool(0.5f) ? faker.Phone.PhoneNumber("+1 ###-###-####") : "",
                    ["BIRTHDAY"] = faker.Random.Bool(0.4f) ? faker.Date.Past(40).ToString("MM/dd", CultureInfo.InvariantCulture) : "",
                },
                ["stats"] = new JsonObject
                {
                    ["avg_open_rate"] = Math.Round(faker.Random.Double(0, 1), 2),
                    ["avg_click_rate"] = Math.Round(faker.Random.Double(0, 0.4), 2),
                    ["ecommerce_data"] = new JsonObject
                    {
                        ["total_revenue"] = decimal.Round(faker.Random.Decimal(0, 25000), 2),
                        ["number_of_orders"] = faker.Random.Int(0, 40),
                        ["currency_code"] = faker.PickRandom("USD", "EUR", "CNY"),
                    },
                },
                ["ip_signup"] = faker.Internet.Ip(),
                ["timestamp_signup"] = MailchimpMemberStore.Format(signup),
                ["ip_opt"] = faker.Internet.Ip(),
                ["timestamp_opt"] = MailchimpMemberStore.Format(signup.AddMinutes(5)),
                ["member_rating"] = faker.Random.Int(1, 5),
                ["last_changed"] = MailchimpMemberStore.Format(changed),
                ["language"] = faker.PickRandom("en", "de", "zh", ""),
                ["vip"] = faker.Random.Bool(0.1f),
                ["email_client"] = "",
                ["source"] = faker.PickRandom("Import", "Hosted Signup Form", "API - Generic"),
                ["tags_count"] = tags.Length,
                ["tags"] = new JsonArray(tags.Select((t, n) => (JsonNode)new JsonObject { ["id"] = 9000 + n, ["name"] = t }).ToArray()),
                ["list_id"] = store.ListId,
            });
        }
    }
}
