using ImageGate.Packer.MachineReadable;

namespace ImageGate.Packer.Tests.MachineReadable;

/// <summary>The parser on output recorded from real Packer 1.6.6 runs (tests/ImageGate.Packer.Tests/Recorded).</summary>
public sealed class MachineReadableParserTests
{
    private static (MachineReadableParser Parser, List<PackerEvent> Events) Feed(string recording)
    {
        var parser = new MachineReadableParser();
        var events = new List<PackerEvent>();
        foreach (var line in TestData.Recorded(recording)) events.AddRange(parser.Feed(line));
        return (parser, events);
    }

    [Fact]
    public void Artifacts_repeated_by_each_post_processor_are_reported_once()
    {
        var (parser, _) = Feed("disks-two-builds.txt");
        // Packer announced 4 artifacts per build (null builder, then artifice passed on by manifest and shell-local).
        Assert.Equal(4, parser.Artifacts.Count);
        var images = parser.Artifacts.Where(a => a.Files.Count > 0).ToList();
        Assert.Equal(["out/rec-qcow2.img", "out/rec-vmdk.img"], images.Select(a => a.Files.Single()).Order());
        Assert.All(images, a => Assert.Equal("packer.post-processor.artifice", a.BuilderId));
        Assert.Equal(["qcow2", "qcow2", "vmdk", "vmdk"], parser.Artifacts.Select(a => a.Build).Order());
    }

    [Fact]
    public void Ui_lines_become_progress_events_with_commas_restored()
    {
        var (_, events) = Feed("disks-two-builds.txt");
        Assert.Contains(events, e => e.Kind == PackerEventKind.Message && e.Text == "    qcow2: making qcow2, size 2M");
        Assert.Contains(events, e => e.Kind == PackerEventKind.Say && e.Text == "\n==> Builds finished. The artifacts of successful builds are:");
        Assert.DoesNotContain(events, e => e.Text.Contains("PACKER_COMMA", StringComparison.Ordinal));
        Assert.Equal(4, events.Count(e => e.Kind == PackerEventKind.Artifact));
    }

    [Fact]
    public void A_failed_build_yields_its_error_lines_and_count()
    {
        var (parser, events) = Feed("failing-build.txt");
        Assert.Equal(1, parser.ErrorCount);
        Assert.Contains("==> broken: disk full, giving up", parser.ErrorLines);
        Assert.Contains(parser.ErrorLines, l => l.StartsWith("--> broken: Script exited with non-zero exit status: 3", StringComparison.Ordinal));
        Assert.Equal(["Script exited with non-zero exit status: 3.Allowed exit codes are: [0]"], parser.BuildErrors["broken"]);
        Assert.Empty(parser.Artifacts);
        Assert.Equal(parser.ErrorLines.Count, events.Count(e => e.Kind == PackerEventKind.Error));
    }

    [Fact]
    public void An_interrupted_build_reports_the_interrupt()
    {
        var (parser, events) = Feed("interrupted-build.txt");
        Assert.Contains("Cancelling build after receiving interrupt", parser.ErrorLines);
        Assert.Contains(events, e => e.Text.Contains("Cleanly cancelled builds", StringComparison.Ordinal));
    }

    [Fact]
    public void The_version_line_is_read()
    {
        var (parser, _) = Feed("version.txt");
        Assert.Equal("1.6.6", parser.Version);
    }

    [Fact]
    public void Foreign_lines_are_shown_as_messages_and_do_not_break_parsing()
    {
        var parser = new MachineReadableParser();
        var events = parser.Feed("panic: something odd").Concat(parser.Feed("1,,ui,say,still here")).ToList();
        Assert.Equal([new PackerEvent(PackerEventKind.Message, null, "panic: something odd"), new PackerEvent(PackerEventKind.Say, null, "still here")], events);
    }

    [Fact]
    public void An_artifact_never_ended_is_not_reported()
    {
        var parser = new MachineReadableParser();
        foreach (var line in new[] { "1,b,artifact,0,builder-id,x", "1,b,artifact,0,file,0,disk.img" }) _ = parser.Feed(line).ToList();
        Assert.Empty(parser.Artifacts);
    }

    [Fact]
    public void A_flood_of_artifact_files_stays_bounded()
    {
        var parser = new MachineReadableParser();
        for (var i = 0; i < 50_000; i++) _ = parser.Feed($"1,b,artifact,0,file,{i},f{i}").ToList();
        _ = parser.Feed("1,b,artifact,0,end").ToList();
        Assert.Equal(10_000, parser.Artifacts.Single().Files.Count);
    }
}
