using System.Text;
using System.Text.Json;
using ImageGate.Endorsement.Hosting;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using ImageGate.Testing.GitHub;

namespace ImageGate.GitHub.Tests;

public sealed class ReleaseTests
{
    private static string ReleaseJson(StubGitHub gh, long id, params (int Id, string Name)[] assets) => JsonSerializer.Serialize(new
    {
        id,
        tag_name = "list",
        name = "Endorsed images",
        html_url = $"https://github.com/owner/list/releases/tag/list",
        upload_url = $"{gh.Url}/uploads/repos/owner/list/releases/{id}/assets{{?name,label}}",
        assets = assets.Select(a => new
        {
            id = a.Id,
            name = a.Name,
            url = $"{gh.Url}/repos/owner/list/releases/assets/{a.Id}",
            browser_download_url = $"https://github.com/owner/list/releases/download/list/{a.Name}",
        }),
    });

    private static void StubUpload(StubGitHub gh, long id) => gh.Server
        .Given(Request.Create().WithPath($"/uploads/repos/owner/list/releases/{id}/assets").UsingPost())
        .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json")
            .WithBody("""{"id": 500, "name": "x", "browser_download_url": "https://github.com/owner/list/releases/download/list/x"}"""));

    private static readonly ReleaseDraft Draft = new("list", "Endorsed images", "body",
    [
        new ReleaseAsset("endorsed-images.json", "application/json", Encoding.UTF8.GetBytes("{\"version\": 2}\n")),
        new ReleaseAsset("endorsed-images.json.sigstore.json", "application/json", Encoding.UTF8.GetBytes("{}\n")),
    ]);

    [Fact]
    public async Task A_missing_release_is_created_and_the_files_uploaded_as_assets()
    {
        using var gh = new StubGitHub();
        gh.Server.Given(Request.Create().WithPath("/repos/owner/list/releases/tags/list").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(404).WithHeader("Content-Type", "application/json").WithBody("""{"message":"Not Found"}"""));
        gh.Server.Given(Request.Create().WithPath("/repos/owner/list/releases").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json").WithBody(ReleaseJson(gh, 9)));
        StubUpload(gh, 9);

        var release = await gh.Host().PublishReleaseAsync(Draft, TestContext.Current.CancellationToken);

        Assert.Equal(9, release.Id);
        var r = gh.Requests;
        Assert.Equal(["GET /repos/owner/list/releases/tags/list", "POST /repos/owner/list/releases",
            "POST /uploads/repos/owner/list/releases/9/assets", "POST /uploads/repos/owner/list/releases/9/assets"], r.Select(StubGitHub.Describe).ToArray());
        using (var create = JsonDocument.Parse(r[1].Body!))
            Assert.Equal("list", create.RootElement.GetProperty("tag_name").GetString());
        Assert.Equal("endorsed-images.json", r[2].Query["name"].Single());
        Assert.Equal("{\"version\": 2}\n", Encoding.UTF8.GetString(r[2].BodyBytes!));
        Assert.Equal("endorsed-images.json.sigstore.json", r[3].Query["name"].Single());
        Assert.Empty(gh.Retries); // a 404 is an answer, not a fault
    }

    [Fact]
    public async Task An_existing_release_is_updated_and_same_named_assets_replaced()
    {
        using var gh = new StubGitHub();
        gh.Server.Given(Request.Create().WithPath("/repos/owner/list/releases/tags/list").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(ReleaseJson(gh, 9, (77, "endorsed-images.json"), (78, "other.txt"))));
        gh.Server.Given(Request.Create().WithPath("/repos/owner/list/releases/9").UsingPatch())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(ReleaseJson(gh, 9, (77, "endorsed-images.json"), (78, "other.txt"))));
        gh.Server.Given(Request.Create().WithPath("/repos/owner/list/releases/assets/77").UsingDelete())
            .RespondWith(Response.Create().WithStatusCode(204));
        StubUpload(gh, 9);

        await gh.Host().PublishReleaseAsync(Draft, TestContext.Current.CancellationToken);

        Assert.Equal(["GET /repos/owner/list/releases/tags/list", "PATCH /repos/owner/list/releases/9", "DELETE /repos/owner/list/releases/assets/77",
            "POST /uploads/repos/owner/list/releases/9/assets", "POST /uploads/repos/owner/list/releases/9/assets"], gh.Requests.Select(StubGitHub.Describe).ToArray());
    }

    [Fact]
    public async Task The_previous_list_is_read_from_the_release_asset()
    {
        using var gh = new StubGitHub();
        gh.Server.Given(Request.Create().WithPath("/repos/owner/list/releases/tags/list").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(ReleaseJson(gh, 9, (77, "endorsed-images.json"))));
        gh.Server.Given(Request.Create().WithPath("/repos/owner/list/releases/assets/77").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/octet-stream").WithBody(Encoding.UTF8.GetBytes("{\"version\": 41}")));

        var bytes = await gh.Host().GetReleaseAssetAsync("list", "endorsed-images.json", TestContext.Current.CancellationToken);
        var missing = await gh.Host().GetReleaseAssetAsync("list", "nope.json", TestContext.Current.CancellationToken);

        Assert.Equal("{\"version\": 41}", Encoding.UTF8.GetString(bytes!));
        Assert.Null(missing);
        var download = gh.Requests.Single(r => r.Path.EndsWith("/assets/77", StringComparison.Ordinal));
        Assert.Contains("application/octet-stream", download.Headers["Accept"].Single());
    }
}
