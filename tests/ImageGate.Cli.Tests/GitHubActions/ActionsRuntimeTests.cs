using ImageGate.Cli.GitHubActions;
using ImageGate.Testing;

namespace ImageGate.Cli.Tests.GitHubActions;

public sealed class ActionsRuntimeTests
{
    private static (ActionsRuntime Runtime, StringWriter Out, string OutputFile, string SummaryFile) Create(TempDirectory tmp, bool active = true)
    {
        var output = tmp.Combine("output");
        var summary = tmp.Combine("summary");
        var vars = new Dictionary<string, string> { ["GITHUB_OUTPUT"] = output, ["GITHUB_STEP_SUMMARY"] = summary };
        if (active) vars["GITHUB_ACTIONS"] = "true";
        var stdout = new StringWriter();
        return (new ActionsRuntime(new CliEnvironment(stdout, TextWriter.Null, vars, tmp.Path)), stdout, output, summary);
    }

    [Fact]
    public void A_single_line_output_is_name_equals_value()
    {
        using var tmp = new TempDirectory();
        var (rt, _, output, _) = Create(tmp);
        rt.SetOutput("image-digest", "sha256:abc");
        Assert.Equal("image-digest=sha256:abc\n", File.ReadAllText(output));
    }

    [Fact]
    public void A_multi_line_output_uses_a_delimiter_absent_from_the_value()
    {
        using var tmp = new TempDirectory();
        var (rt, _, output, _) = Create(tmp);
        rt.SetOutput("report", "line one\nline two\nEOF");
        var lines = File.ReadAllText(output).Split('\n');
        Assert.StartsWith("report<<ghadelimiter_", lines[0]);
        var delimiter = lines[0]["report<<".Length..];
        Assert.Equal(["line one", "line two", "EOF", delimiter, ""], lines[1..]);
    }

    [Fact]
    public void The_summary_is_appended()
    {
        using var tmp = new TempDirectory();
        var (rt, _, _, summary) = Create(tmp);
        rt.AppendSummary("# one");
        rt.AppendSummary("two\n");
        Assert.Equal("# one\ntwo\n", File.ReadAllText(summary));
    }

    [Fact]
    public void Annotations_escape_data_and_properties()
    {
        using var tmp = new TempDirectory();
        var (rt, stdout, _, _) = Create(tmp);
        rt.Error("100% bad\nreally", "dir/a,b:c.txt", 3);
        Assert.Equal("::error file=dir/a%2Cb%3Ac.txt,line=3::100%25 bad%0Areally", stdout.ToString().Trim());
    }

    [Fact]
    public void Masks_are_emitted_line_by_line()
    {
        using var tmp = new TempDirectory();
        var (rt, stdout, _, _) = Create(tmp);
        rt.Mask("first\nsecond");
        Assert.Equal(["::add-mask::first", "::add-mask::second"], stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Outside_actions_nothing_is_written()
    {
        using var tmp = new TempDirectory();
        var (rt, stdout, output, summary) = Create(tmp, active: false);
        rt.SetOutput("a", "b");
        rt.AppendSummary("x");
        rt.Error("e");
        rt.Mask("secret");
        Assert.False(File.Exists(output));
        Assert.False(File.Exists(summary));
        Assert.Equal("", stdout.ToString());
    }
}
