using System.Text.Json;
using ImageGate.Testing;
using ImageGate.Testing.Sigstore;
using ImageGate.Testing.GitHub;

namespace ImageGate.EndToEnd.Tests.Pipeline;

/// <summary>The pipeline as a build team's GitHub Actions job runs it, with keyless signing and a pull request
/// (<see cref="KeylessPipelineFixture"/>), then the list repository's side: the reviewers merge, the list is published
/// and signed keylessly by the list repository's workflow, and a site verifies the list with that identity and
/// checks the image against it.</summary>
public sealed class KeylessPipelineTests(KeylessPipelineFixture pipeline) : IClassFixture<KeylessPipelineFixture>
{
    // The list is signed inside ImageGate's reusable publish-list.yml, called from the list repository org/list: the
    // certificate's subject names the reusable workflow (the same for every caller), its extensions name org/list.
    private const string PublishWorkflow = "imagegate/imagegate/.github/workflows/publish-list.yml@refs/heads/main";
    private const string PublishIdentityRegexp = @"https://github\.com/imagegate/imagegate/\.github/workflows/publish-list\.yml@.+";

    [Fact]
    public void Run_in_github_actions_mode_signs_keylessly_opens_the_pull_request_and_writes_run_json_the_outputs_and_the_summary()
    {
        Assert.True(pipeline.Run.ExitCode == 0, pipeline.Run.StandardOutput + pipeline.Run.StandardError);
        Assert.True(pipeline.OutputsStep.ExitCode == 0, pipeline.OutputsStep.StandardOutput + pipeline.OutputsStep.StandardError);

        using var run = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(pipeline.OutputDir, "run.json")));
        var r = run.RootElement;
        Assert.True(r.GetProperty("passed").GetBoolean());
        Assert.Equal("done", r.GetProperty("stage").GetString());
        Assert.Equal(0, r.GetProperty("exitCode").GetInt32());
        var digest = r.GetProperty("imageDigest").GetString()!;
        Assert.Matches("^sha256:[0-9a-f]{64}$", digest);
        Assert.True(r.TryGetProperty("pullRequestUrl", out var prUrl), pipeline.Run.StandardOutput + pipeline.Run.StandardError);
        Assert.Equal("https://github.com/owner/list/pull/12", prUrl.GetString());
        var bundle = r.GetProperty("bundlePath").GetString()!;
        Assert.True(File.Exists(bundle));
        Assert.True(File.Exists(r.GetProperty("reportPath").GetString()));
        Assert.True(File.Exists(r.GetProperty("sarifPath").GetString()));

        // $GITHUB_OUTPUT: written by imagegate run itself and again by outputs.sh, the same values.
        var outputs = GitHubOutputs.Read(pipeline.OutputsFile);
        Assert.Equal(digest, outputs["image-digest"]);
        Assert.Equal(r.GetProperty("reportPath").GetString(), outputs["report-path"]);
        Assert.Equal(r.GetProperty("sarifPath").GetString(), outputs["sarif-path"]);
        Assert.Equal(bundle, outputs["bundle-path"]);
        Assert.Equal("https://github.com/owner/list/pull/12", outputs["pull-request-url"]);
        var runOwn = File.ReadAllText(pipeline.OutputsFile);
        Assert.True(runOwn.Split("image-digest").Length - 1 >= 2, "imagegate run (GITHUB_ACTIONS=true) and outputs.sh both set image-digest");

        var summary = File.ReadAllText(pipeline.SummaryFile);
        Assert.Contains("## ImageGate: passed", summary, StringComparison.Ordinal);
        Assert.Contains(digest, summary, StringComparison.Ordinal);
        Assert.Contains("https://github.com/owner/list/pull/12", summary, StringComparison.Ordinal);

        // The OIDC token came from the Actions endpoint (audience sigstore, the runtime bearer), and the signature is
        // the build workflow's: the image's bundle verifies with that identity against the local services' root.
        var tokenRequest = Assert.Single(pipeline.GitHub.Requests, q => q.Path == "/oidc/token");
        Assert.Equal("sigstore", tokenRequest.Query["audience"].Single());
        Assert.Equal("Bearer " + KeylessPipelineFixture.RuntimeBearer, tokenRequest.Headers["Authorization"].Single());
        var image = r.GetProperty("images")[0].GetProperty("path").GetString()!;
        var verify = ExternalProcess.Run(pipeline.Tool, ["verify", image, "--bundle", bundle, "--certificate-identity", KeylessPipelineFixture.BuildIdentity,
            "--certificate-oidc-issuer", MockSigstore.Issuer, "--certificate-github-workflow-repository", KeylessPipelineFixture.BuildRepository,
            "--trusted-root", pipeline.Sigstore.TrustedRootPath]);
        Assert.True(verify.ExitCode == 0, verify.StandardOutput + verify.StandardError);

        // The pull request, opened through the REST stub, names the signer and the digest.
        var create = Assert.Single(pipeline.GitHub.Requests, q => q.Method == "POST" && q.Path == "/repos/owner/list/pulls");
        var pr = JsonDocument.Parse(create.Body!).RootElement;
        Assert.Equal("endorse/debian12/1.0.0", pr.GetProperty("head").GetString());
        // endorse verified the bundle (a workflow of GITHUB_REPOSITORY, GitHub's issuer) and shows what it verified
        Assert.Contains("| Signer (verified) | `" + KeylessPipelineFixture.BuildIdentity, pr.GetProperty("body").GetString());
        Assert.Contains("| Signed for repository (verified) | `https://github.com/org/images at refs/heads/main` |", pr.GetProperty("body").GetString());
        Assert.Contains(digest["sha256:".Length..], pr.GetProperty("body").GetString());
        // the token shows only in the runner's ::add-mask:: command, which hides it everywhere in the log
        Assert.All((pipeline.Run.StandardOutput + pipeline.Run.StandardError).Split('\n').Where(l => l.Contains(StubGitHub.Token, StringComparison.Ordinal)),
            l => Assert.Equal("::add-mask::" + StubGitHub.Token, l.Trim()));
        Assert.Contains(digest["sha256:".Length..], ToolWrapper.Git(pipeline.ListRepository, "show", "endorse/debian12/1.0.0:images/debian12/1.0.0/record.json"));
    }

    [Fact]
    public void After_the_merge_the_keylessly_published_list_verifies_with_its_identity_and_the_site_accepts_the_image()
    {
        Assert.True(pipeline.Run.ExitCode == 0, pipeline.Run.StandardOutput + pipeline.Run.StandardError);
        ToolWrapper.Merge(pipeline.Tmp, pipeline.ListRepository, "endorse/debian12/1.0.0", 12);
        var url = pipeline.Sigstore.Url.ToString().TrimEnd('/');
        var published = pipeline.Tmp.Combine("published");

        var publish = ExternalProcess.Run(pipeline.Tool, ["publish", "--list-repo", pipeline.ListRepository, "--output", published,
            "--identity-token", MockSigstore.GitHubToken(PublishWorkflow, repository: "org/list"), "--fulcio-url", url, "--rekor-url", url,
            "--trusted-root", pipeline.Sigstore.TrustedRootPath, "--hepix", "--json"], environment: ToolWrapper.GitEnv, timeout: TimeSpan.FromMinutes(2));
        Assert.True(publish.ExitCode == 0, publish.StandardOutput + publish.StandardError);
        var list = Path.Combine(published, "endorsed-images.json");
        var bundle = list + ".sigstore.json";
        using (var doc = JsonDocument.Parse(File.ReadAllBytes(list)))
        {
            var image = Assert.Single(doc.RootElement.GetProperty("images").EnumerateArray().ToList());
            Assert.Equal("debian12", image.GetProperty("name").GetString());
            Assert.Equal(KeylessPipelineFixture.BuildWorkflow, image.GetProperty("builtBy").GetProperty("workflow").GetString());
        }

        // The exact identity docs/site-guide.md gives for a list published through publish-list.yml from org/list.
        string[] signer = ["--certificate-identity-regexp", PublishIdentityRegexp, "--certificate-oidc-issuer", MockSigstore.Issuer,
            "--certificate-github-workflow-repository", "org/list", "--trusted-root", pipeline.Sigstore.TrustedRootPath];
        var verify = ExternalProcess.Run(pipeline.Tool, ["verify", list, "--bundle", bundle, .. signer]);
        Assert.True(verify.ExitCode == 0, verify.StandardOutput + verify.StandardError);
        // signed by the build workflow's identity? no: only the list repository's publish workflow is accepted
        var wrong = ExternalProcess.Run(pipeline.Tool, ["verify", list, "--bundle", bundle, "--certificate-identity", KeylessPipelineFixture.BuildIdentity,
            "--certificate-oidc-issuer", MockSigstore.Issuer, "--certificate-github-workflow-repository", "org/list", "--trusted-root", pipeline.Sigstore.TrustedRootPath]);
        Assert.Equal(1, wrong.ExitCode);
        // the same reusable workflow called from another repository's list? no: the repository pin refuses it
        var other = ExternalProcess.Run(pipeline.Tool, ["site", "verify", list, "--bundle", bundle, .. signer[..4], "--certificate-github-workflow-repository", "org/other",
            "--trusted-root", pipeline.Sigstore.TrustedRootPath]);
        Assert.Equal(1, other.ExitCode);
        Assert.Contains("expected source repository 'https://github.com/org/other', found 'https://github.com/org/list'", other.StandardError);

        using var run = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(pipeline.OutputDir, "run.json")));
        var built = run.RootElement.GetProperty("images")[0].GetProperty("path").GetString()!;
        var check = ExternalProcess.Run(pipeline.Tool, ["site", "check", built, "--list", list, "--bundle", bundle, .. signer]);
        Assert.True(check.ExitCode == 0, check.StandardOutput + check.StandardError);
    }
}
