using System.Text.Json;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace ImageGate.Testing.GitHub;

/// <summary>GitHub's pull request endpoints on a <see cref="StubGitHub"/> for the repository <c>owner/list</c>: no open
/// pull request, creation, labels.</summary>
public static class PullRequestStubs
{
    /// <summary>An open pull request as GitHub's REST API returns it.</summary>
    public static string PullJson(int number, string head, string body = "old", params string[] labels) => JsonSerializer.Serialize(new
    {
        id = 1000 + number,
        number,
        state = "open",
        title = "Endorse x 1",
        body,
        html_url = $"https://github.com/owner/list/pull/{number}",
        head = new { @ref = head, label = "owner:" + head },
        @base = new { @ref = "main" },
        labels = labels.Select(l => new { name = l }),
    });

    /// <summary>Listing the open pull requests finds none.</summary>
    public static void StubNoOpenPull(StubGitHub gh) => gh.Server
        .Given(Request.Create().WithPath("/repos/owner/list/pulls").UsingGet())
        .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("[]"));

    /// <summary>Creating a pull request returns number <paramref name="number"/> for <paramref name="head"/>.</summary>
    public static void StubCreate(StubGitHub gh, int number = 5, string head = "endorse/x/1") => gh.Server
        .Given(Request.Create().WithPath("/repos/owner/list/pulls").UsingPost())
        .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json").WithBody(PullJson(number, head)));

    /// <summary>Adding labels to any issue succeeds.</summary>
    public static void StubLabels(StubGitHub gh) => gh.Server
        .Given(Request.Create().WithPath(new WireMock.Matchers.RegexMatcher(@"^/repos/owner/list/issues/\d+/labels$")).UsingPost())
        .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("[]"));
}
