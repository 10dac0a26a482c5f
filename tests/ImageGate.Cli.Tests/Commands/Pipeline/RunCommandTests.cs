using ImageGate.Testing;

namespace ImageGate.Cli.Tests.Commands.Pipeline;

public sealed class RunCommandTests
{
    [Fact]
    public async Task Run_with_a_list_repository_but_no_download_location_exits_2_before_building()
    {
        using var temp = new TempDirectory();
        var output = temp.Combine("out");

        var r = await CliRunner.RunAsync(["run", temp.Combine("image.pkr.hcl"), "--signing", "key", "--key", temp.Combine("endorser.key"),
            "--list-repo", temp.Combine("list.git"), "--output-dir", output]);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("needs a download location: give --uri", r.StandardError);
        Assert.False(File.Exists(Path.Combine(output, "build.json")));
        Assert.False(Directory.Exists(Path.Combine(output, "build")));
    }
}
