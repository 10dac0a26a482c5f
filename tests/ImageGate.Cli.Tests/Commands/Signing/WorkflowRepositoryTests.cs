using System.Text.Json.Nodes;
using ImageGate.Testing;
using ImageGate.Testing.Sigstore;

namespace ImageGate.Cli.Tests.Commands.Signing;

/// <summary>A list signed inside a reusable workflow (ImageGate's publish-list.yml) carries the same certificate
/// subject for every repository that calls it; only the GitHub extensions (.1.12 source repository, .1.14 ref) name
/// the caller. Every verifying verb takes the same identity options and binds the signature to the repository.</summary>
public sealed class WorkflowRepositoryTests(WorkflowRepositoryTests.Services fixture) : IClassFixture<WorkflowRepositoryTests.Services>
{
    /// <summary>The reusable workflow that signs lists for every caller.</summary>
    public const string ReusableWorkflow = "imagegate/imagegate/.github/workflows/publish-list.yml@refs/heads/main";
    public const string Subject = "https://github.com/" + ReusableWorkflow;
    public const string SubjectRegexp = @"https://github\.com/imagegate/imagegate/\.github/workflows/publish-list\.yml@.+";

    /// <summary>Local Sigstore services and one list signed by the reusable workflow called from vo-a/endorsed-images.</summary>
    public sealed class Services : IAsyncLifetime
    {
        public MockSigstore Sigstore { get; private set; } = null!;
        public TempDirectory Dir { get; } = new("imagegate-workflow-repo");
        public string List => Dir.Combine("endorsed-images.json");
        public string Bundle => List + ".sigstore.json";

        public async ValueTask InitializeAsync()
        {
            Sigstore = await MockSigstore.StartAsync();
            var now = DateTimeOffset.UtcNow;
            await File.WriteAllTextAsync(List, new JsonObject
            {
                ["version"] = 1,
                ["created"] = now.AddMinutes(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
                ["expires"] = now.AddDays(7).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
                ["endorser"] = new JsonObject { ["identity"] = Subject },
                ["images"] = new JsonArray(),
            }.ToJsonString());
            var sign = await CliRunner.RunAsync([
                "sign", List, "--bundle", Bundle, "--identity-token", MockSigstore.GitHubToken(ReusableWorkflow, repository: "vo-a/endorsed-images"),
                "--fulcio-url", Sigstore.Url.ToString(), "--rekor-url", Sigstore.Url.ToString(), "--trusted-root", Sigstore.TrustedRootPath]);
            Assert.True(sign.ExitCode == 0, sign.StandardError + sign.StandardOutput);
        }

        public async ValueTask DisposeAsync()
        {
            await Sigstore.DisposeAsync();
            Dir.Dispose();
        }
    }

    private string[] Identity(params string[] extra) =>
        ["--certificate-identity-regexp", SubjectRegexp, "--certificate-oidc-issuer", MockSigstore.Issuer, "--trusted-root", fixture.Sigstore.TrustedRootPath, .. extra];

    private IEnumerable<string[]> EveryVerb(params string[] identity) =>
    [
        ["verify", fixture.List, "--bundle", fixture.Bundle, .. identity],
        ["site", "verify", fixture.List, "--bundle", fixture.Bundle, .. identity],
        ["site", "check", fixture.List, "--list", fixture.List, "--bundle", fixture.Bundle, .. identity],
        ["site", "sync", "--list", fixture.List, "--bundle", fixture.Bundle, "--cache", fixture.Dir.Combine("cache-" + Guid.NewGuid().ToString("N")), .. identity],
    ];

    [Fact]
    public async Task A_list_signed_for_another_repository_fails_every_verb_saying_which_repository_was_expected_and_found()
    {
        foreach (var args in EveryVerb(Identity("--certificate-github-workflow-repository", "vo-b/endorsed-images")))
        {
            var r = await CliRunner.RunAsync(args, workingDirectory: fixture.Dir.Path);
            Assert.True(r.ExitCode == 1, $"{args[0]} {args[1]}: exit {r.ExitCode}: {r.StandardError}");
            Assert.Contains("expected source repository 'https://github.com/vo-b/endorsed-images', found 'https://github.com/vo-a/endorsed-images'", r.StandardError);
        }
    }

    [Fact]
    public async Task A_list_signed_for_the_pinned_repository_and_ref_verifies_in_every_verb()
    {
        foreach (var args in EveryVerb(Identity("--certificate-github-workflow-repository", "vo-a/endorsed-images", "--certificate-github-workflow-ref", "refs/heads/main")))
        {
            var r = await CliRunner.RunAsync([.. args, "--json"], workingDirectory: fixture.Dir.Path);
            // site check of the list file itself: the list endorses no image, so "not endorsed" (exit 1) shows the signature passed.
            if (args[1] == "check") { Assert.Contains("not-endorsed", r.StandardError); continue; }
            Assert.True(r.ExitCode == 0, $"{args[0]} {args[1]}: exit {r.ExitCode}: {r.StandardError}");
        }
        var wrongRef = await CliRunner.RunAsync(["verify", fixture.List, "--bundle", fixture.Bundle,
            .. Identity("--certificate-github-workflow-repository", "https://github.com/vo-a/endorsed-images", "--certificate-github-workflow-ref", "refs/heads/evil")]);
        Assert.Equal(1, wrongRef.ExitCode);
        Assert.Contains("expected source repository ref 'refs/heads/evil', found 'refs/heads/main'", wrongRef.StandardError);
    }

    [Fact]
    public async Task A_workflow_identity_without_a_repository_pin_is_refused_at_the_command_line_with_the_reason()
    {
        var exact = new[] { "--certificate-identity", Subject, "--certificate-oidc-issuer", MockSigstore.Issuer, "--trusted-root", fixture.Sigstore.TrustedRootPath };
        string[] endorse = ["endorse", fixture.List, "--name", "list", "--version", "1", "--report", fixture.List, "--bundle", fixture.Bundle, "--list-repo", fixture.Dir.Path];
        foreach (var args in EveryVerb(Identity()).Concat(EveryVerb(exact)).Append([.. endorse, .. Identity()]))
        {
            var r = await CliRunner.RunAsync(args, workingDirectory: fixture.Dir.Path);
            Assert.True(r.ExitCode == 2, $"{args[0]} {args[1]}: exit {r.ExitCode}: {r.StandardError}");
            Assert.Contains("--certificate-github-workflow-repository", r.StandardError);
            Assert.Contains("same subject for every repository", r.StandardError);
        }
    }
}
