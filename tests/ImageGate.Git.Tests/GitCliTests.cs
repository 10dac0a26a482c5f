using System.Text;
using ImageGate.Core.Errors;
using ImageGate.Endorsement.Git;
using ImageGate.Testing;

namespace ImageGate.Git.Tests;

/// <summary>The git adapter against the real git command line.</summary>
public sealed class GitCliTests
{
    private static readonly GitAccess Author = new(null, new GitAuthor("Test", "test@example.org"));

    private static async Task<string> InitAsync(TempDirectory temp, CancellationToken ct)
    {
        ExternalProcess.Require("git");
        var git = new GitCli();
        var dir = temp.Combine("repo");
        await git.RunAsync(new GitCommand(Author, null, ["init", "-q", "-b", "main", dir]), ct);
        return dir;
    }

    [Fact]
    public async Task A_failed_command_names_the_operation_and_masks_the_token_in_its_message()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var dir = await InitAsync(temp, ct);
        const string token = "ghs_notarealtoken0123456789";
        var ex = await Assert.ThrowsAnyAsync<ExternalToolException>(() =>
            new GitCli().RunAsync(new GitCommand(new GitAccess(token), dir, ["checkout", token]), ct));
        Assert.Contains("'git checkout ***' failed", ex.Message);
        Assert.DoesNotContain(token, ex.Message);
    }

    [Fact]
    public async Task A_failure_that_is_allowed_comes_back_with_its_exit_code_and_masked_error()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var dir = await InitAsync(temp, ct);
        const string token = "ghs_notarealtoken0123456789";
        var r = await new GitCli().RunAsync(new GitCommand(new GitAccess(token), dir, ["checkout", token]) { AllowFailure = true }, ct);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("***", r.StandardError);
        Assert.DoesNotContain(token, r.StandardError);
    }

    [Fact]
    public async Task Blobs_are_read_in_order_and_a_missing_one_is_null()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var dir = await InitAsync(temp, ct);
        var git = new GitCli();
        File.WriteAllText(Path.Combine(dir, "a.txt"), "first\n");
        File.WriteAllBytes(Path.Combine(dir, "b.bin"), [0, 10, 255, 10]);
        await git.RunAsync(new GitCommand(Author, dir, ["add", "a.txt", "b.bin"]), ct);
        await git.RunAsync(new GitCommand(Author, dir, ["commit", "-q", "--no-gpg-sign", "-m", "two files"]), ct);
        var blobs = await git.ReadBlobsAsync(Author, dir, ["HEAD:b.bin", "HEAD:missing", "HEAD:a.txt", "HEAD"], ct);
        Assert.Equal(4, blobs.Count);
        Assert.Equal([0, 10, 255, 10], blobs[0]);
        Assert.Null(blobs[1]);
        Assert.Equal("first\n", Encoding.UTF8.GetString(blobs[2]!));
        Assert.Null(blobs[3]); // a commit, not a blob
    }

    [Fact]
    public async Task Commits_carry_the_configured_author()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var dir = await InitAsync(temp, ct);
        var git = new GitCli();
        await git.RunAsync(new GitCommand(Author, dir, ["commit", "-q", "--allow-empty", "--no-gpg-sign", "-F", "-"]) { Input = "empty\n" }, ct);
        var r = await git.RunAsync(new GitCommand(Author, dir, ["log", "-1", "--format=%an <%ae>|%cn|%s"]), ct);
        Assert.Equal("Test <test@example.org>|Test|empty", r.StandardOutput.Trim());
    }
}
