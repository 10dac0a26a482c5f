using System.Text.Json;
using ImageGate.Testing;
using ImageGate.Testing.Endorsements;

namespace ImageGate.Cli.Tests.Commands.Endorsement;

public sealed class EndorsementVerbTests
{
    [Fact]
    public async Task Endorse_revoke_history_and_publish_work_end_to_end_on_a_local_list_repository()
    {
        ExternalProcess.Require("openssl");
        using var temp = new TempDirectory();
        var origin = TestInputs.CreateOrigin(temp);
        var set = TestInputs.CreateImage(temp, "debian12");

        var endorse = await CliRunner.RunAsync(["endorse", set.Image, "--name", "debian12", "--version", "12.8", "--report", set.Report, "--bundle", set.Bundle,
            "--sbom", set.Sbom, "--uri", "https://example.org/debian12.qcow2", "--list-repo", origin, .. TestInputs.KeyVerification(temp.Path)]);
        Assert.True(endorse.ExitCode == 0, endorse.StandardError);
        Assert.Contains("branch endorse/debian12/12.8", endorse.StandardOutput);
        Assert.Contains("local mode", endorse.StandardOutput);
        Assert.Contains("title: Endorse debian12 12.8", endorse.StandardOutput);
        Assert.Contains("Findings and waivers", endorse.StandardOutput);

        var again = await CliRunner.RunAsync(["endorse", set.Image, "--name", "debian12", "--version", "12.8", "--report", set.Report, "--bundle", set.Bundle,
            "--list-repo", origin, "--sbom", set.Sbom, "--uri", "https://example.org/debian12.qcow2", "--json", .. TestInputs.KeyVerification(temp.Path)]);
        Assert.True(again.ExitCode == 0, again.StandardError);
        using (var doc = JsonDocument.Parse(again.StandardOutput))
            Assert.Equal("unchanged", doc.RootElement.GetProperty("status").GetString());

        TestInputs.MergeBranch(temp, origin, "endorse/debian12/12.8", 7, approver: "Alice");

        var revoke = await CliRunner.RunAsync(["revoke", "debian12@12.8", "--reason", "openssl CVE", "--list-repo", origin, "--revoked-by", "bob"]);
        Assert.True(revoke.ExitCode == 0, revoke.StandardError);
        Assert.Contains("revoke/debian12/12.8", revoke.StandardOutput);

        var history = await CliRunner.RunAsync(["history", "debian12", "--list-repo", origin, "--json"]);
        Assert.True(history.ExitCode == 0, history.StandardError);
        using (var doc = JsonDocument.Parse(history.StandardOutput))
        {
            var e = Assert.Single(doc.RootElement.EnumerateArray());
            Assert.Equal("endorsed", e.GetProperty("kind").GetString());
            Assert.Equal(7, e.GetProperty("pullRequest").GetInt32());
            Assert.Empty(e.GetProperty("approvedBy").EnumerateArray());
            Assert.Equal("Alice", e.GetProperty("unverifiedApprovedBy")[0].GetString());
        }
        var table = await CliRunner.RunAsync(["history", "--list-repo", origin]);
        Assert.Contains("debian12 12.8", table.StandardOutput);

        var key = temp.Combine("list.key");
        Assert.Equal(0, ExternalProcess.Run("openssl", ["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key]).ExitCode);
        Assert.Equal(0, ExternalProcess.Run("openssl", ["ec", "-in", key, "-pubout", "-out", temp.Combine("list.pub")]).ExitCode);
        var output = temp.Combine("site");
        var publish = await CliRunner.RunAsync(["publish", "--list-repo", origin, "--output", output, "--key", key, "--expires-in", "7", "--hepix", "--json",
            "--vo", "vo.example.org", "--endorser-name", "VO Image Team", "--endorser-uri", "https://vo.example.org/team"]);
        Assert.True(publish.ExitCode == 0, publish.StandardError);
        var list = Path.Combine(output, "endorsed-images.json");
        using (var doc = JsonDocument.Parse(File.ReadAllBytes(list)))
        {
            Assert.Equal("debian12", doc.RootElement.GetProperty("images")[0].GetProperty("name").GetString());
            var created = doc.RootElement.GetProperty("created").GetDateTimeOffset();
            Assert.Equal(TimeSpan.FromDays(7), doc.RootElement.GetProperty("expires").GetDateTimeOffset() - created);
        }
        using (var hepix = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(output, "imagelist.hepix.json"))))
        {
            // What atrope requires of every image, from the options.
            var image = hepix.RootElement.GetProperty("hv:imagelist").GetProperty("hv:images")[0].GetProperty("hv:image");
            Assert.Equal("vo.example.org", image.GetProperty("ad:group").GetString());
            Assert.Equal("VO Image Team", image.GetProperty("ad:user:fullname").GetString());
            Assert.Equal("https://vo.example.org/team", image.GetProperty("ad:user:uri").GetString());
            Assert.Matches(@"\A\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\z", image.GetProperty("dc:date:expires").GetString()!);
        }
        foreach (var (option, value) in new[] { ("--vo", "vo example"), ("--endorser-uri", "javascript:alert(1)") })
        {
            var bad = await CliRunner.RunAsync(["publish", "--list-repo", origin, "--output", temp.Combine("bad"), "--key", key, "--hepix", option, value]);
            Assert.Equal(2, bad.ExitCode);
            Assert.Contains(option, bad.StandardError);
            Assert.False(Directory.Exists(temp.Combine("bad")));
        }
        // the interim key signer's bundle verifies with openssl against the public key
        using (var bundle = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(output, "endorsed-images.json.sigstore.json"))))
        {
            Assert.Equal("application/vnd.dev.sigstore.bundle.v0.3+json", bundle.RootElement.GetProperty("mediaType").GetString());
            var sig = Convert.FromBase64String(bundle.RootElement.GetProperty("messageSignature").GetProperty("signature").GetString()!);
            File.WriteAllBytes(temp.Combine("sig.der"), sig);
        }
        var verify = ExternalProcess.Run("openssl", ["dgst", "-sha256", "-verify", temp.Combine("list.pub"), "-signature", temp.Combine("sig.der"), list]);
        Assert.True(verify.ExitCode == 0, verify.StandardOutput + verify.StandardError);
    }

    [Fact]
    public async Task Endorse_proposes_nothing_when_the_image_bundle_does_not_verify_with_the_expected_signer()
    {
        using var temp = new TempDirectory();
        var origin = TestInputs.CreateOrigin(temp);
        var set = TestInputs.CreateImage(temp, "debian12");
        using (var other = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256))
            File.WriteAllText(set.Bundle, TestInputs.KeyBundle(set.Sha256, other));
        string[] endorse = ["endorse", set.Image, "--name", "debian12", "--version", "1", "--report", set.Report, "--bundle", set.Bundle, "--uri", "https://example.org/debian12.qcow2", "--list-repo", origin];

        var wrong = await CliRunner.RunAsync([.. endorse, .. TestInputs.KeyVerification(temp.Path)]);
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("[signature-invalid]", wrong.StandardError);
        Assert.Contains("cannot be endorsed", wrong.StandardError);
        Assert.Equal("", TestInputs.Git(origin, "for-each-ref", "refs/heads/endorse"));

        var noSigner = await CliRunner.RunAsync(endorse);
        Assert.Equal(2, noSigner.ExitCode);
        Assert.Contains("say who must have signed", noSigner.StandardError);

        File.WriteAllText(set.Bundle, TestInputs.KeyBundle(set.Sha256));
        var noLog = await CliRunner.RunAsync([.. endorse, "--key", TestInputs.WritePublicKey(temp.Path)]);
        Assert.Equal(1, noLog.ExitCode);
        Assert.Contains("[tlog-missing]", noLog.StandardError);
    }

    [Fact]
    public async Task Missing_options_and_bad_inputs_exit_2_with_a_message()
    {
        using var temp = new TempDirectory();
        var r = await CliRunner.RunAsync(["endorse", "img.qcow2", "--name", "x", "--version", "1"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--report", r.StandardError);

        var repo = await CliRunner.RunAsync(["history", "--list-repo", temp.Combine("nope")]);
        Assert.Equal(2, repo.ExitCode);
        Assert.Contains("does not exist", repo.StandardError);

        var pub = await CliRunner.RunAsync(["publish", "--list-repo", temp.Path, "--output", temp.Combine("o")]);
        Assert.Equal(2, pub.ExitCode);
        Assert.Contains("--key", pub.StandardError);

        var revoke = await CliRunner.RunAsync(["revoke", "no-version", "--reason", "x", "--list-repo", temp.Path]);
        Assert.Equal(2, revoke.ExitCode);
        Assert.Contains("NAME@VERSION", revoke.StandardError);

        var gh = await CliRunner.RunAsync(["revoke", "a@1", "--reason", "x", "--list-repo", temp.Path, "--github-repository", "o/r"]);
        Assert.Equal(2, gh.ExitCode);
        Assert.Contains("GITHUB_TOKEN", gh.StandardError);
        Assert.DoesNotContain("   at ", gh.StandardError);
    }

    [Fact]
    public async Task Help_shows_the_command_line_contract()
    {
        var r = await CliRunner.RunAsync(["endorse", "--help"]);
        Assert.Equal(0, r.ExitCode);
        foreach (var o in new[] { "--name", "--version", "--report", "--bundle", "--sbom", "--uri", "--list-repo", "--base", "--github-repository", "--github-api-url", "--github-token" })
            Assert.Contains(o, r.StandardOutput);
        var p = await CliRunner.RunAsync(["publish", "--help"]);
        foreach (var o in new[] { "--list-repo", "--output", "--key", "--expires-in", "--expires-at", "--hepix", "--hepix-signer-cert", "--hepix-signer-key", "--github-release", "--html", "--vo", "--endorser-uri" })
            Assert.Contains(o, p.StandardOutput);
    }
}
