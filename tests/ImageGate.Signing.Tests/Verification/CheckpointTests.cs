using ImageGate.Signing.Verification;

namespace ImageGate.Signing.Tests.Verification;

public sealed class CheckpointTests
{
    private const string Body = "log.example\n12\nrs1YPY0ydAV0lxgfrq5pE4oRpUJwo3syeps5+eGUTDI=\n";

    [Fact]
    public void A_checkpoint_with_several_signature_lines_keeps_them_all_in_order()
    {
        var cp = Checkpoint.TryParse(Body + "\n\u2014 witness.example AAAAAQIDBA==\n\u2014 log.example AQIDBAUGBwg=\n", out var error);
        Assert.NotNull(cp);
        Assert.Equal("", error);
        Assert.Equal("log.example", cp.Origin);
        Assert.Equal(12, cp.TreeSize);
        Assert.Equal(["witness.example", "log.example"], cp.Signatures.Select(s => s.Name));
        Assert.Equal(Body, System.Text.Encoding.UTF8.GetString(cp.SignedText));
    }

    [Theory]
    [InlineData("12\nrs1YPY0ydAV0lxgfrq5pE4oRpUJwo3syeps5+eGUTDI=\n\n\u2014 log.example AQIDBAUGBwg=\n")]
    [InlineData("log.example\nrs1YPY0ydAV0lxgfrq5pE4oRpUJwo3syeps5+eGUTDI=\n\n\u2014 log.example AQIDBAUGBwg=\n")]
    [InlineData("log.example\n12\n\n\u2014 log.example AQIDBAUGBwg=\n")]
    [InlineData("log.example\n12\nrs1YPY0ydAV0lxgfrq5pE4oRpUJwo3syeps5+eGUTDI=\n\n")]
    [InlineData("log.example\n-1\nrs1YPY0ydAV0lxgfrq5pE4oRpUJwo3syeps5+eGUTDI=\n\n\u2014 log.example AQIDBAUGBwg=\n")]
    [InlineData("no blank line at all")]
    public void A_checkpoint_missing_a_line_or_its_signature_is_malformed(string text)
    {
        Assert.Null(Checkpoint.TryParse(text, out var error));
        Assert.NotEqual("", error);
    }
}
